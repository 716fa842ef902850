/**
 * How a params value reads a secret: `=$secret("name")`, resolved by the runtime only inside the handler call.
 * Choosing a secret for a field keeps what the field already says: a literal prefix such as "Bearer " becomes
 * `="Bearer " & $secret("name")`, an expression gets `& $secret("name")` appended.
 */
import { EXPRESSION_PREFIX, isDynamicValue } from "@mfo/schemas";

/** The JSONata call reading secret `name`. */
export const secretCall = (name: string): string => `$secret(${JSON.stringify(name)})`;

/** JSONata text with the secret's call added (alone when the text is empty). */
export function appendSecret(text: string, name: string): string {
  const trimmed = text.trim();
  return trimmed === "" ? secretCall(name) : `${trimmed} & ${secretCall(name)}`;
}

/** A params value (a literal or an "=" expression) with secret `name` added, as an "=" expression. */
export function withSecret(value: unknown, name: string): string {
  if (isDynamicValue(value)) return EXPRESSION_PREFIX + appendSecret(value.slice(EXPRESSION_PREFIX.length), name);
  const literal = typeof value === "string" && value !== "" ? JSON.stringify(value) : "";
  return EXPRESSION_PREFIX + appendSecret(literal, name);
}

/** The secret names an expression or params value reads (`$secret("a")`, `$secret('b')`). */
export function secretsRead(text: string): string[] {
  return [...text.matchAll(/\$secret\(\s*(["'])([^"']*)\1\s*\)/g)].map((m) => m[2] as string);
}
