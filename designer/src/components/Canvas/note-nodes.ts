/** Sticky notes as React Flow nodes: drawn behind the flow, at their live box while a resize is under way. */
import type { Node } from "@xyflow/react";
import { type Command, type GraphNote, type NoteBox, withLiveBox } from "../../core/index.js";

type Measured = NonNullable<Node["measured"]>;

/**
 * The canvas nodes for `notes`: selected as the editor says, measured as React Flow reported, and given the
 * command callback the note edits itself with (none when read-only).
 */
export function noteNodes(
  notes: readonly GraphNote[],
  live: ReadonlyMap<string, NoteBox>,
  chosen: ReadonlySet<string>,
  measured: ReadonlyMap<string, Measured>,
  onCommand: ((command: Command) => void) | undefined,
): Node[] {
  return notes.map((n): Node => {
    const size = measured.get(n.id);
    return {
      ...withLiveBox(n, live.get(n.id)),
      selected: chosen.has(n.id),
      ...(size ? { measured: size } : {}),
      data: { ...n.data, onCommand },
    };
  });
}
