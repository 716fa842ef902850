/**
 * The editor's commands as data: every change the designer makes to a flow is one `Command`, run by `execute`.
 * Commands being plain objects lets the history coalesce a drag's many moves, label undo entries and replay or
 * log edits, while each command itself stays a pure `(doc, args) -> CommandResult` function in its own module.
 */
import type { FlowDefinition, NodeType } from "@mfo/schemas";
import { duplicate, type Fragment, paste } from "./clipboard.js";
import { type CommandResult, done } from "./command-result.js";
import type { NodePatch, Position } from "./document.js";
import { connect, type EdgeFields, type EdgePatch, removeEdges, updateEdge } from "./edge-commands.js";
import { applyLayout, type Layout } from "./layout.js";
import {
  addNode,
  type FlowPatch,
  moveNodes,
  removeNodes,
  replaceDocument,
  updateFlow,
  updateNode,
} from "./node-commands.js";
import { type AddNoteArgs, addNote, moveNotes, type NotePatch, removeNotes, updateNote } from "./note-commands.js";
import { splitCanvasIds, splitCanvasPositions } from "./note-graph.js";

/** Every editing command, by `kind`; the other fields are that command's arguments. */
export type Command =
  | { kind: "addNode"; nodeType: NodeType; position: Position; fields?: NodePatch }
  | { kind: "removeNodes"; ids: readonly string[] }
  | { kind: "moveNodes"; positions: Readonly<Record<string, Position>> }
  | { kind: "updateNode"; id: string; patch: NodePatch }
  | { kind: "connect"; source: string; target: string; fields?: EdgeFields }
  | { kind: "removeEdges"; ids: readonly string[] }
  | { kind: "updateEdge"; id: string; patch: EdgePatch }
  | { kind: "updateFlow"; patch: FlowPatch }
  | { kind: "paste"; fragment: Fragment; offset: Position }
  | { kind: "duplicate"; ids: readonly string[]; offset?: Position }
  | { kind: "replaceDocument"; doc: FlowDefinition }
  | ({ kind: "addNote" } & AddNoteArgs)
  | { kind: "updateNote"; id: string; patch: NotePatch }
  | { kind: "removeNotes"; ids: readonly string[] }
  | { kind: "applyLayout"; positions: Layout["positions"]; routes: Layout["routes"] }
  | { kind: "batch"; commands: readonly Command[] };

/** The kind of a command: "addNode", "connect", ... */
export type CommandKind = Command["kind"];

/** A command's arguments: the command without its `kind`. */
export type CommandArgs<K extends CommandKind> = Omit<Extract<Command, { kind: K }>, "kind">;

/**
 * Runs several commands as one step (deleting a selection of nodes and edges, say): all of them, or, if one is
 * refused, none, with that command's reason. Selects what the commands selected.
 */
export function batch(doc: FlowDefinition, { commands }: CommandArgs<"batch">): CommandResult {
  let current = doc;
  const nodes: string[] = [];
  const edges: string[] = [];
  for (const command of commands) {
    const result = execute(current, command);
    if (result.reason !== undefined) return { doc, reason: result.reason };
    current = result.doc;
    nodes.push(...(result.select?.nodes ?? []));
    edges.push(...(result.select?.edges ?? []));
  }
  return done(current, nodes, edges);
}

/*
 * The canvas names what it moves and deletes by canvas id, and a sticky note's canvas id is `note:<id>`
 * (note-graph.ts). So `moveNodes` and `removeNodes` also move and remove the notes they name: a drag of nodes and
 * notes together stays one command, which the history joins into one undo step like any other drag.
 */
function moveOnCanvas(doc: FlowDefinition, { positions }: CommandArgs<"moveNodes">): CommandResult {
  const split = splitCanvasPositions(positions);
  return moveNotes(moveNodes(doc, { positions: split.nodes }).doc, { positions: split.notes });
}

function removeOnCanvas(doc: FlowDefinition, { ids }: CommandArgs<"removeNodes">): CommandResult {
  const split = splitCanvasIds(ids);
  return removeNotes(removeNodes(doc, { ids: split.nodes }).doc, { ids: split.notes });
}

const handlers: { [K in CommandKind]: (doc: FlowDefinition, args: CommandArgs<K>) => CommandResult } = {
  addNode,
  removeNodes: removeOnCanvas,
  moveNodes: moveOnCanvas,
  updateNode,
  connect,
  removeEdges,
  updateEdge,
  updateFlow,
  paste,
  duplicate,
  replaceDocument,
  addNote,
  updateNote,
  removeNotes,
  applyLayout,
  batch,
};

/** Runs one command on `doc` (never changing `doc` itself). */
export function execute(doc: FlowDefinition, command: Command): CommandResult {
  const run = handlers[command.kind] as (doc: FlowDefinition, args: Command) => CommandResult;
  return run(doc, command);
}
