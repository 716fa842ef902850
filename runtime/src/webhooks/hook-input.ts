/**
 * A webhook call's body as the flow sees it: JSON (an empty body is `{}`), or a form
 * (application/x-www-form-urlencoded, as Slack and many form posters send) as an object of its fields. The input
 * expression reads `{ body, headers, query }`, where `headers` holds only the headers the hook lists (lower-case
 * names): an Authorization or cookie header never reaches a flow unless its author asked for it.
 */
import { invalid } from "../errors.js";
import { checkJsonBody } from "../http/body-checks.js";

/** The parsed body; 422 for JSON that does not parse. */
export function parseHookBody(raw: Uint8Array, contentType: string | undefined): unknown {
  const text = new TextDecoder().decode(raw);
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const message = `the body is not valid JSON: ${(error as Error).message}`;
    throw invalid(message, [{ path: "", code: "invalid-json", message }], "invalid-json");
  }
  checkJsonBody(text, body);
  return body;
}

/** The request headers the hook lets through, by lower-case name; absent ones are left out. */
export function listedHeaders(
  listed: readonly string[],
  header: (name: string) => string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of listed) {
    const value = header(name);
    if (value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}

/** Whether a value can be an instance's input: a JSON object. */
export function isInputObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
