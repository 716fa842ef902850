/**
 * What is selected, as plain data beside the document. Node and edge ids are the keys of the document, the canvas
 * and the selection alike, so the selection lives in the same state as the document (history.ts) and changes in the
 * same update as a command that renames or removes what it names: there is never a moment where the two disagree.
 */
import type { FlowDefinition } from "@mfo/schemas";
import type { Selection } from "./command-result.js";
import { noteCanvasIds } from "./note-graph.js";

/** Nothing selected. */
export const NO_SELECTION: Selection = Object.freeze({ nodes: Object.freeze([]), edges: Object.freeze([]) });

/** One element's selected state changing, as React Flow reports a click, a box selection or a click on the pane. */
export interface SelectToggle {
  readonly id: string;
  readonly selected: boolean;
}

/** Toggles of nodes and of edges, applied together by changeSelection. */
export interface SelectionChange {
  readonly nodes?: readonly SelectToggle[];
  readonly edges?: readonly SelectToggle[];
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** Whether two selections name the same nodes and edges, in the same order. */
export function sameSelection(a: Selection, b: Selection): boolean {
  return sameIds(a.nodes, b.nodes) && sameIds(a.edges, b.edges);
}

function toggled(ids: readonly string[], toggles: readonly SelectToggle[] | undefined): readonly string[] {
  if (toggles === undefined || toggles.length === 0) return ids;
  const next = [...ids];
  for (const { id, selected } of toggles) {
    const at = next.indexOf(id);
    if (selected && at < 0) next.push(id);
    else if (!selected && at >= 0) next.splice(at, 1);
  }
  return sameIds(next, ids) ? ids : next;
}

/**
 * `selection` with `change` applied: selected ids are added (in the order given), unselected ones dropped. Returns
 * `selection` itself when nothing changes, so a state holder can skip the update.
 */
export function changeSelection(selection: Selection, change: SelectionChange): Selection {
  const nodes = toggled(selection.nodes, change.nodes);
  const edges = toggled(selection.edges, change.edges);
  return nodes === selection.nodes && edges === selection.edges ? selection : { nodes, edges };
}

/**
 * The part of `selection` that exists in `doc` (after an undo, a delete or a replaced document). Returns
 * `selection` itself when all of it exists.
 */
export function selectionIn(doc: FlowDefinition, selection: Selection): Selection {
  if (selection.nodes.length === 0 && selection.edges.length === 0) return selection;
  const nodeIds = new Set(doc.nodes.map((n) => n.id));
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  // Sticky notes are selected on the canvas like nodes (as "note:<id>"); they stay selected while they exist.
  const notes = noteCanvasIds(doc);
  const nodes = selection.nodes.filter((id) => nodeIds.has(id) || notes.has(id));
  const edges = selection.edges.filter((id) => edgeIds.has(id));
  return nodes.length === selection.nodes.length && edges.length === selection.edges.length
    ? selection
    : { nodes, edges };
}

/** Every node and edge of `doc` (Ctrl+A). */
export function allSelected(doc: FlowDefinition): Selection {
  return { nodes: doc.nodes.map((n) => n.id), edges: doc.edges.map((e) => e.id) };
}
