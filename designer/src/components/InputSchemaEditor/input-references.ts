/**
 * Which input fields the flow's expressions read: `input.<name>` in decision conditions, a wait's `until`, a
 * subflow's input, "=" params and params named `expression` (the transform and assert expressions). The editor
 * offers them as fields, so an author who wrote `input.amount > 100` gets an Amount field in one click.
 */
import type { FlowDefinition } from "@mfo/schemas";

/** `input.name` as a whole path step: not `$input.x`, not `order.input.x`. */
const REFERENCE = /(?<![\w$.])input\.([A-Za-z_][A-Za-z0-9_]*)/g;

function namesIn(expression: string, into: Set<string>): void {
  for (const match of expression.matchAll(REFERENCE)) if (match[1] !== undefined) into.add(match[1]);
}

/** Expressions inside params: "=" strings anywhere, and plain-JSONata params called `expression`. */
function paramsExpressions(value: unknown, key: string, into: Set<string>): void {
  if (typeof value === "string") {
    if (value.startsWith("=")) namesIn(value.slice(1), into);
    else if (key === "expression") namesIn(value, into);
  } else if (Array.isArray(value)) {
    for (const item of value) paramsExpressions(item, "", into);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) paramsExpressions(v, k, into);
  }
}

/** The input field names the flow's expressions read, in the order they first appear. */
export function inputReferences(doc: FlowDefinition): string[] {
  const names = new Set<string>();
  for (const node of doc.nodes ?? []) {
    const fields = node as unknown as Record<string, unknown>;
    for (const key of ["until", "input"]) {
      const text = fields[key];
      if (typeof text === "string") namesIn(text, names);
    }
    paramsExpressions(fields.params, "", names);
    paramsExpressions(fields.validators, "", names);
  }
  for (const edge of doc.edges ?? []) if (typeof edge.condition === "string") namesIn(edge.condition, names);
  return [...names];
}
