/**
 * What every editing command returns: the next document, plus why it was refused or what to select afterwards.
 * Kept apart from the commands so the node, edge and clipboard command files share it without importing each
 * other.
 */
import type { FlowDefinition } from "@mfo/schemas";

/** Ids the editor should select after a command: the nodes and edges it created or renamed. */
export interface Selection {
  nodes: readonly string[];
  edges: readonly string[];
}

/**
 * The outcome of a command. A refused command returns the very same document with a `reason` for the user; a
 * command that changes nothing returns the same document without one.
 */
export interface CommandResult {
  doc: FlowDefinition;
  reason?: string;
  select?: Selection;
}

/** A refusal: the document unchanged, and why. */
export function refuse(doc: FlowDefinition, reason: string): CommandResult {
  return { doc, reason };
}

/** A successful command's result, selecting `nodes` and `edges` when given. */
export function done(doc: FlowDefinition, nodes: readonly string[] = [], edges: readonly string[] = []): CommandResult {
  return nodes.length > 0 || edges.length > 0 ? { doc, select: { nodes, edges } } : { doc };
}
