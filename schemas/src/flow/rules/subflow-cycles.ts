/**
 * A flow type must not run itself through its subflows, directly (`rec -> rec`) or through other published flow
 * types (`a -> b -> a`): each instance would start a child without end. Only the caller knows what the other
 * flow types' subflow nodes run (the runtime reads them from its store), so this rule runs when it is told
 * (validateFlow's `subflows` option) and is skipped otherwise (the designer validates one document alone).
 */
import type { FlowGraph, Rule } from "../flow-graph.js";
import { isObject } from "../flow-graph.js";

/** What a subflow node runs: a flow type, at a pinned version or (absent) its latest. */
export interface SubflowRef {
  flowType: string;
  version?: number;
}

/** Where the subflow nodes of published flow types lead, for the cycle check. */
export interface SubflowCatalogue {
  /**
   * The subflow references of a published version of `flowType` (the latest when `version` is absent), or
   * undefined when there is no such version.
   */
  targets(flowType: string, version: number | undefined): readonly SubflowRef[] | undefined;
  /** The version the checked definition would become: a pin to it runs the definition itself. */
  nextVersion?: number;
}

/** The flow types (and pinned versions) the subflow nodes of a definition run, whatever else it holds. */
export function subflowRefs(definition: unknown): SubflowRef[] {
  const nodes = isObject(definition) && Array.isArray(definition.nodes) ? definition.nodes : [];
  const refs: SubflowRef[] = [];
  for (const node of nodes) {
    if (!isObject(node) || node.type !== "subflow" || typeof node.flowType !== "string") continue;
    const version = Number.isInteger(node.version) ? (node.version as number) : undefined;
    refs.push(version === undefined ? { flowType: node.flowType } : { flowType: node.flowType, version });
  }
  return refs;
}

const keyOf = (ref: SubflowRef) => `${ref.flowType}@${ref.version ?? ""}`;
const nameOf = (ref: SubflowRef) => (ref.version === undefined ? ref.flowType : `${ref.flowType}@${ref.version}`);

/**
 * The shortest chain of flow types from `from` back to the checked definition (breadth first, each version
 * visited once, so cycles elsewhere in the store end the walk too), or undefined when there is none.
 */
function pathBack(from: SubflowRef, isSelf: (ref: SubflowRef) => boolean, catalogue: SubflowCatalogue) {
  const previous = new Map<string, SubflowRef | null>([[keyOf(from), null]]);
  const queue: SubflowRef[] = [from];
  for (let head = 0; head < queue.length; head++) {
    const ref = queue[head] as SubflowRef;
    if (isSelf(ref)) {
      const chain: SubflowRef[] = [];
      for (let at: SubflowRef | null | undefined = ref; at; at = previous.get(keyOf(at))) chain.unshift(at);
      return chain;
    }
    for (const next of catalogue.targets(ref.flowType, ref.version) ?? []) {
      if (previous.has(keyOf(next))) continue;
      previous.set(keyOf(next), ref);
      queue.push(next);
    }
  }
  return undefined;
}

function subflowNodes(graph: FlowGraph) {
  return graph.nodes.filter((n) => n.info?.type === "subflow" && typeof n.value.flowType === "string");
}

export const subflowCycles: Rule = ({ graph, subflows, report }) => {
  const self = graph.document.id;
  if (!subflows || typeof self !== "string") return;
  const isSelf = (ref: SubflowRef) =>
    ref.flowType === self && (ref.version === undefined || ref.version === subflows.nextVersion);
  const found = new Map<string, SubflowRef[] | undefined>();
  for (const node of subflowNodes(graph)) {
    const [ref] = subflowRefs({ nodes: [node.value] });
    if (!ref) continue;
    if (!found.has(keyOf(ref))) found.set(keyOf(ref), pathBack(ref, isSelf, subflows));
    const chain = found.get(keyOf(ref));
    if (!chain) continue;
    const names = [self, ...chain.slice(0, -1).map(nameOf), self];
    report({
      path: node.path,
      nodeId: node.id,
      code: "subflow-cycle",
      message:
        chain.length === 1
          ? `subflow "${node.id}" runs flow type "${self}" itself, which would start children without end: ${names.join(" -> ")}`
          : `subflow "${node.id}" runs "${nameOf(ref)}", which leads back to "${self}" and would start children without end: ${names.join(" -> ")}`,
    });
  }
};
