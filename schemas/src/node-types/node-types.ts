/**
 * The node-type registry: one entry per node type, for the designer's palette and inspector and for the graph
 * rules. The list of types and each type's fields come from flow.schema.json (the discriminated `node` union);
 * only behaviour the schema cannot say is added here, in a record the compiler checks covers every type.
 */
import flowSchema from "../contract/flow.schema.json" with { type: "json" };
import type { FlowNode } from "../generated/types.js";

export type NodeType = FlowNode["type"];

export interface NodeTypeBehaviour {
  /** Palette group. */
  category: "flow" | "work" | "control" | "human" | "time";
  /** How many outgoing edges the node takes: exactly one, one or more, or none. */
  outgoing: "one" | "many" | "none";
  /** Which edge field picks the branch: a decision's `condition`/`default`, an approval's `on`; else none. */
  branchBy: "condition" | "decision" | null;
  /** Whether the node may be the target of edges (start may not be re-entered). */
  incoming: boolean;
}

export interface NodeTypeInfo extends NodeTypeBehaviour {
  type: NodeType;
  /** Human name for the palette, e.g. "Phase". */
  title: string;
  /** What the node does, from the schema. */
  description: string;
  /** The node's JSON Schema (a `$defs` entry of flow.schema.json). */
  schema: Readonly<Record<string, unknown>>;
}

const behaviour: Record<NodeType, NodeTypeBehaviour> = {
  start: { category: "flow", outgoing: "one", branchBy: null, incoming: false },
  phase: { category: "work", outgoing: "one", branchBy: null, incoming: true },
  decision: { category: "control", outgoing: "many", branchBy: "condition", incoming: true },
  parallel: { category: "control", outgoing: "many", branchBy: null, incoming: true },
  join: { category: "control", outgoing: "one", branchBy: null, incoming: true },
  wait: { category: "time", outgoing: "one", branchBy: null, incoming: true },
  approval: { category: "human", outgoing: "many", branchBy: "decision", incoming: true },
  subflow: { category: "work", outgoing: "one", branchBy: null, incoming: true },
  end: { category: "flow", outgoing: "none", branchBy: null, incoming: true },
};

type SchemaDefs = Record<string, { description?: string; properties?: { type?: { const?: string } } }>;

function fromSchema(): NodeTypeInfo[] {
  const defs = flowSchema.$defs as unknown as SchemaDefs;
  return flowSchema.$defs.node.oneOf.map(({ $ref }) => {
    const def = defs[$ref.replace("#/$defs/", "")];
    const type = def?.properties?.type?.const as NodeType | undefined;
    if (def === undefined || type === undefined || !(type in behaviour)) {
      throw new Error(`flow.schema.json: ${$ref} is not a node type the registry knows`);
    }
    return {
      type,
      title: type.charAt(0).toUpperCase() + type.slice(1),
      description: def.description ?? "",
      schema: def,
      ...behaviour[type],
    };
  });
}

/** Every node type, in palette order. */
export const nodeTypes: readonly NodeTypeInfo[] = Object.freeze(fromSchema());

const byType = new Map<string, NodeTypeInfo>(nodeTypes.map((t) => [t.type, t]));

/** The registry entry of a type, or undefined for a type that does not exist (never throws). */
export function nodeTypeInfo(type: unknown): NodeTypeInfo | undefined {
  return typeof type === "string" ? byType.get(type) : undefined;
}
