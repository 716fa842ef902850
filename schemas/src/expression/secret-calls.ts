/**
 * `$secret("name")`: how a phase's "=" params read a secret of the tenant's secrets store. The runtime resolves
 * it only inside the handler call, so the only form allowed is a call with a string literal (the name must be
 * known before the flow runs: publish checks that the tenant has it, and the secrets list shows who uses it).
 * This module finds those calls in an expression's syntax tree; it never evaluates anything.
 */
import jsonata from "jsonata";

/** A secret's name, as the secrets store (PUT /secrets/:name) accepts it. */
export const SECRET_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;

export interface SecretCalls {
  /** The names read with `$secret("name")`, in order of appearance, each once. */
  names: string[];
  /** What is wrong with other uses of `$secret` (not a call with one string literal, a bad name). */
  problems: string[];
}

const NONE: SecretCalls = { names: [], problems: [] };

type AstNode = { type?: unknown; value?: unknown; procedure?: AstNode; arguments?: unknown[] };

const isNode = (value: unknown): value is AstNode => value !== null && typeof value === "object";

function walk(value: unknown, found: SecretCalls): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, found);
    return;
  }
  if (!isNode(value)) return;
  const procedure = value.procedure;
  if (value.type === "function" && isNode(procedure) && procedure.type === "variable" && procedure.value === "secret") {
    const args = value.arguments ?? [];
    const [first] = args;
    if (args.length !== 1 || !isNode(first) || first.type !== "string" || typeof first.value !== "string")
      found.problems.push('$secret takes one argument, the secret\'s name as a string literal: $secret("name")');
    else if (!SECRET_NAME_PATTERN.test(first.value))
      found.problems.push(`"${first.value}" is not a secret name (a letter, then letters, digits, _ . -; 100 at most)`);
    else if (!found.names.includes(first.value)) found.names.push(first.value);
    walk(args, found);
    return;
  }
  if (value.type === "variable" && value.value === "secret") {
    found.problems.push('$secret can only be called with a string literal: $secret("name")');
    return;
  }
  for (const [key, item] of Object.entries(value)) if (key !== "position") walk(item, found);
}

/**
 * The `$secret` calls of a JSONata expression (without its "=" prefix). An expression that does not mention
 * `$secret` or does not parse has none (the syntax check reports the latter).
 */
export function secretCalls(source: string): SecretCalls {
  if (!source.includes("$secret")) return NONE;
  let ast: unknown;
  try {
    ast = jsonata(source).ast();
  } catch {
    return NONE;
  }
  const found: SecretCalls = { names: [], problems: [] };
  walk(ast, found);
  return found;
}
