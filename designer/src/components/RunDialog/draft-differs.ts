/**
 * Whether the draft on screen would run differently from a published version: their definitions compared without
 * `version` and without `ui` (layout, which the runtime ignores), keys in any order. A moved node is no reason to
 * publish before a run; a changed label, param or edge is.
 */
import type { FlowDefinition } from "@mfo/schemas";

/** The value as JSON with sorted keys, without `ui` at any depth. */
function behaviour(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(behaviour);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((key) => key !== "ui")
      .sort()
      .map((key) => [key, behaviour((value as Record<string, unknown>)[key])]),
  );
}

/** True when `draft` differs from `published` in anything but its version and layout. */
export function draftDiffers(draft: FlowDefinition, published: FlowDefinition): boolean {
  const { version: _a, ...a } = draft;
  const { version: _b, ...b } = published;
  return JSON.stringify(behaviour(a)) !== JSON.stringify(behaviour(b));
}
