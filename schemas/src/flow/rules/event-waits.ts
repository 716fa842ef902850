/**
 * Waits for a correlated event (`event: { name, key, timeoutMs? }`, issue 19): the key, when it is an "="
 * expression, parses; without timeoutMs the wait leaves by one edge (no `on`, or on: "event"); with it, by
 * exactly one `on: "timeout"` edge (no event came in time) and one other (on: "event" or none).
 */
import { sentence } from "../../errors/field-name.js";
import { checkExpression, describeExpressionProblem, isDynamicValue } from "../../expression/check-expression.js";
import { type GraphEdge, type GraphNode, isObject, type Rule, type RuleContext } from "../flow-graph.js";

/** The `event` of a wait node, when it has one that is an object. */
export function eventWaitOf(node: GraphNode): Record<string, unknown> | undefined {
  const event = node.value.event;
  return node.info?.type === "wait" && isObject(event) ? event : undefined;
}

/** Whether the node is a wait for an event with a timeout (it takes two outgoing edges). */
export function isTimedEventWait(node: GraphNode): boolean {
  return eventWaitOf(node)?.timeoutMs !== undefined;
}

function checkKey(node: GraphNode, key: unknown, { report }: RuleContext): void {
  if (!isDynamicValue(key)) return;
  const problem = checkExpression(key.slice(1));
  if (!problem) return;
  const path = `${node.path}/event/key`;
  report({
    path,
    nodeId: node.id,
    code: "invalid-expression",
    message: sentence(path, `is not a valid JSONata expression after "=": ${describeExpressionProblem(problem)}`),
  });
}

function checkEdges(node: GraphNode, edges: GraphEdge[], timed: boolean, { report }: RuleContext): void {
  const ref = (edge: GraphEdge) => ({ nodeId: node.id, ...(edge.id === undefined ? {} : { edgeId: edge.id }) });
  for (const edge of edges) {
    const on = edge.value.on;
    if (on === undefined || on === "event" || (on === "timeout" && timed)) continue;
    const name = edge.id ?? edge.index;
    report({
      path: `${edge.path}/on`,
      ...ref(edge),
      code: "event-wait-edge-on",
      message: timed
        ? `edge ${name} of wait "${node.id}" takes on: "event" or "timeout", not ${JSON.stringify(on)}`
        : `edge ${name} of wait "${node.id}" takes on: "event" or none; on: ${JSON.stringify(on)} needs event.timeoutMs`,
    });
  }
  if (!timed) return; // outgoingCounts says when a wait without a timeout has more than one edge.
  const timeouts = edges.filter((e) => e.value.on === "timeout");
  const others = edges.filter((e) => e.value.on !== "timeout");
  if (timeouts.length === 1 && others.length === 1) return;
  report({
    path: node.path,
    nodeId: node.id,
    code: "event-wait-edges",
    message: `wait "${node.id}" has a timeout, so it takes exactly two outgoing edges: one with on: "timeout" and one for the event (on: "event" or none); it has ${timeouts.length} timeout and ${others.length} other`,
  });
}

export const eventWaits: Rule = (context) => {
  const { graph } = context;
  for (const node of graph.nodes) {
    const event = eventWaitOf(node);
    if (!event || graph.byId.get(node.id) !== node) continue;
    checkKey(node, event.key, context);
    const edges = graph.leaving.get(node.id) ?? [];
    if (edges.length > 0) checkEdges(node, edges, event.timeoutMs !== undefined, context);
  }
};
