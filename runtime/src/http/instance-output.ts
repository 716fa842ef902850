/**
 * The output an ended instance answers a create-and-wait with (the `output` of the instance body). The rule, as
 * n8n's "last node": the output of the phase (or subflow) that completed last on the path into the end node the
 * instance reached. Found by walking the definition's edges back from that end node, one step at a time: the first
 * completed phases met are the nearest before it (a decision's branch not taken was never completed, so it is
 * skipped); among several as near (branches that joined), the one that finished last. null when there is none: no
 * end node reached (failed by an error, cancelled), or no completed phase before it.
 */
import type { FlowDefinition } from "@mfo/schemas";
import type { CompiledFlow } from "../compiler/compile-flow.js";
import { redactSealed } from "../crypto/redact.js";
import type { InstanceRecord } from "../store/instances/index.js";

/** The node types whose record carries an output. */
const WITH_OUTPUT = new Set(["phase", "subflow"]);

/** The end node an ended instance reached (its machine stopped in it); undefined when it reached none. */
function endNodeOf(record: InstanceRecord, flow: CompiledFlow): string | undefined {
  const value = record.snapshot.value;
  const node = typeof value === "string" ? flow.states.get(value)?.node : undefined;
  return node?.type === "end" ? node.id : undefined;
}

interface BackwardGraph {
  /** Each node's type, by id. */
  types: ReadonlyMap<string, string>;
  /** The sources of the edges into each node, by target id. */
  sources: ReadonlyMap<string, readonly string[]>;
}

/**
 * Worked out once per compiled flow (the registry keeps those): every create-and-wait of a pure flow answers
 * with an output, so rebuilding the maps per answer would be work on the hot path for nothing.
 */
const graphs = new WeakMap<CompiledFlow, BackwardGraph>();

function backwardGraphOf(flow: CompiledFlow): BackwardGraph {
  let graph = graphs.get(flow);
  if (!graph) {
    const definition: FlowDefinition = flow.definition;
    const sources = new Map<string, string[]>();
    for (const edge of definition.edges) {
      const list = sources.get(edge.target);
      if (list) list.push(edge.source);
      else sources.set(edge.target, [edge.source]);
    }
    graph = { types: new Map(definition.nodes.map((n) => [n.id, n.type])), sources };
    graphs.set(flow, graph);
  }
  return graph;
}

/** The output of an ended instance by the rule above, sensitive fields redacted; null when there is none. */
export function outputOf(record: InstanceRecord, flow: CompiledFlow): unknown {
  const end = endNodeOf(record, flow);
  if (end === undefined) return null;
  const { types, sources } = backwardGraphOf(flow);
  const seen = new Set([end]);
  let layer = [end];
  while (layer.length > 0) {
    const next: string[] = [];
    for (const id of layer) {
      for (const source of sources.get(id) ?? []) {
        if (seen.has(source)) continue;
        seen.add(source);
        next.push(source);
      }
    }
    let last: { at: string; output: unknown } | undefined;
    for (const id of next) {
      const phase = record.context.phases[id];
      if (!WITH_OUTPUT.has(types.get(id) ?? "") || phase?.status !== "completed") continue;
      const at = phase.finishedAt ?? "";
      if (!last || at > last.at) last = { at, output: phase.output ?? null };
    }
    if (last) return redactSealed(last.output);
    layer = next;
  }
  return null;
}
