/**
 * The node types' inspector fields as a lookup table, as @xyflow looks up its `nodeTypes`: one component per type,
 * found by the node's `type`. A type with nothing to edit beyond its id and label maps to null. A type the table
 * does not know (a hand-written draft, a type newer than this designer) is reported, never thrown on.
 */
import type { Catalogue, FlowDefinition, FlowNode, NodeType, ValidationError } from "@mfo/schemas";
import type { ComponentType } from "react";
import { EndFields } from "./nodes/EndFields.js";
import { PhaseFields } from "./nodes/PhaseFields.js";
import { SubflowFields } from "./nodes/SubflowFields.js";
import { WaitFields } from "./nodes/WaitFields.js";

/** What a node type's fields get: the node, where it sits in the document, and how to change it. */
export interface NodeFieldsProps<N extends FlowNode = FlowNode> {
  node: N;
  /** The node's JSON pointer in the document (`/nodes/<index>`): validation errors name paths under it. */
  base: string;
  doc: FlowDefinition;
  catalogue: Catalogue | undefined;
  errors: readonly ValidationError[];
  readOnly: boolean;
  /** Changes fields of the node, as one editing command. */
  patch(fields: Record<string, unknown>): void;
}

type NodeFieldsTable = {
  [T in NodeType]: ComponentType<NodeFieldsProps<Extract<FlowNode, { type: T }>>> | null;
};

/** Every node type's fields; typed over `NodeType`, so a new type in the schemas fails to compile until added. */
export const nodeFields: NodeFieldsTable = {
  start: null,
  phase: PhaseFields,
  decision: null,
  parallel: null,
  join: null,
  wait: WaitFields,
  approval: null,
  subflow: SubflowFields,
  end: EndFields,
};

/**
 * The fields component of a node type: a component, null for a type with no fields of its own, or undefined for
 * a type the designer does not know. Own keys only, so a type named like an Object method ("constructor") is
 * unknown rather than rendered.
 */
export function nodeFieldsFor(type: string): ComponentType<NodeFieldsProps> | null | undefined {
  if (!Object.hasOwn(nodeFields, type)) return undefined;
  // Each entry takes its own type's node; the caller hands it the node whose type picked it.
  return nodeFields[type as NodeType] as ComponentType<NodeFieldsProps> | null;
}
