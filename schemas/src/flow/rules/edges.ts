/**
 * Edges: both ends exist; each node has the outgoing edges its type takes; branch fields (`condition`,
 * `default`, `on`) sit only where their node type reads them, and decisions and approvals are unambiguous.
 */
import type { GraphEdge, GraphNode, Rule, RuleContext } from "../flow-graph.js";
import { eventWaitOf, isTimedEventWait } from "./event-waits.js";

/** Each end of an edge, with the error it gets when it names no node and the words for it. */
const ends = [
  { field: "source", other: "target", code: "unknown-edge-source", verb: "starts at" },
  { field: "target", other: "source", code: "unknown-edge-target", verb: "leads to" },
] as const;

export const edgeEnds: Rule = ({ graph, report }) => {
  for (const edge of graph.edges) {
    const ids = edge.id === undefined ? {} : { edgeId: edge.id };
    const name = edge.id ?? edge.index;
    for (const { field, other, code, verb } of ends) {
      const id = edge[field];
      if (id === undefined || graph.byId.has(id)) continue;
      // The node at the edge's other end, when it exists, is where the designer shows the error.
      const anchor = edge[other] === undefined ? undefined : graph.byId.get(edge[other]);
      report({
        path: `${edge.path}/${field}`,
        ...(anchor ? { nodeId: anchor.id } : {}),
        ...ids,
        code,
        message: `edge ${name} ${verb} "${id}", which is not a node of this flow`,
      });
    }
    const target = edge.target === undefined ? undefined : graph.byId.get(edge.target);
    if (target?.info && !target.info.incoming) {
      report({
        path: `${edge.path}/target`,
        nodeId: target.id,
        ...ids,
        code: "edge-into-start",
        message: `edge ${name} leads back into the start node; loop to the first step instead`,
      });
    }
  }
};

export const outgoingCounts: Rule = ({ graph, report }) => {
  for (const node of graph.nodes) {
    // A duplicated id is reported once, by uniqueIds; its edges belong to the first node of that id.
    if (!node.info || graph.byId.get(node.id) !== node) continue;
    const leaving = graph.leaving.get(node.id) ?? [];
    const { outgoing, type } = node.info;
    if (outgoing === "none" && leaving.length > 0) {
      report({
        path: node.path,
        nodeId: node.id,
        code: "end-with-outgoing-edge",
        message: `end node "${node.id}" must have no outgoing edges; it has ${leaving.map((e) => e.id ?? e.index).join(", ")}`,
      });
    } else if (outgoing !== "none" && leaving.length === 0) {
      report({
        path: node.path,
        nodeId: node.id,
        code: "missing-outgoing-edge",
        message: `${type} node "${node.id}" has no outgoing edge; connect it to the next step or an end`,
      });
    } else if (outgoing === "one" && leaving.length > 1 && !isTimedEventWait(node)) {
      // A wait for an event with a timeout takes two edges: eventWaits checks those.
      report({
        path: node.path,
        nodeId: node.id,
        code: "too-many-outgoing-edges",
        message: `${type} node "${node.id}" takes one outgoing edge but has ${leaving.length}; branch with a decision or a parallel`,
      });
    }
  }
};

const has = (edge: GraphEdge, field: string): boolean => edge.value[field] !== undefined;

function edgeRef(edge: GraphEdge, node: GraphNode) {
  return { nodeId: node.id, ...(edge.id === undefined ? {} : { edgeId: edge.id }) };
}

function checkDecision(node: GraphNode, edges: GraphEdge[], { report }: RuleContext): void {
  let defaultEdge: GraphEdge | undefined;
  for (const edge of edges) {
    const condition = has(edge, "condition");
    const isDefault = edge.value.default === true;
    const name = edge.id ?? edge.index;
    if (condition && isDefault) {
      report({
        path: `${edge.path}/default`,
        ...edgeRef(edge, node),
        code: "decision-edge-condition-and-default",
        message: `edge ${name} of decision "${node.id}" has both a condition and default: true; keep one`,
      });
    } else if (!condition && !isDefault) {
      report({
        path: edge.path,
        ...edgeRef(edge, node),
        code: "decision-edge-without-condition",
        message: `edge ${name} of decision "${node.id}" needs a condition, or default: true`,
      });
    }
    if (isDefault) {
      if (defaultEdge === undefined) defaultEdge = edge;
      else
        report({
          path: `${edge.path}/default`,
          ...edgeRef(edge, node),
          code: "decision-multiple-defaults",
          message: `decision "${node.id}" has more than one default edge (${defaultEdge.id ?? defaultEdge.index} and ${name})`,
        });
    }
  }
}

function checkApproval(node: GraphNode, edges: GraphEdge[], { report }: RuleContext): void {
  const seen = new Map<string, GraphEdge>();
  for (const edge of edges) {
    const on = edge.value.on;
    const name = edge.id ?? edge.index;
    if (on === undefined) {
      report({
        path: edge.path,
        ...edgeRef(edge, node),
        code: "approval-edge-without-on",
        message: `edge ${name} of approval "${node.id}" needs on: "approve" or "reject"`,
      });
      continue;
    }
    if (typeof on !== "string") continue; // the schema reports the type
    if (on !== "approve" && on !== "reject") {
      report({
        path: `${edge.path}/on`,
        ...edgeRef(edge, node),
        code: "approval-edge-on",
        message: `edge ${name} of approval "${node.id}" needs on: "approve" or "reject", not ${JSON.stringify(on)}`,
      });
      continue;
    }
    const first = seen.get(on);
    if (first === undefined) seen.set(on, edge);
    else
      report({
        path: `${edge.path}/on`,
        ...edgeRef(edge, node),
        code: "approval-duplicate-on",
        message: `approval "${node.id}" has two "${on}" edges (${first.id ?? first.index} and ${name}); keep one`,
      });
  }
}

/** Branch fields on edges of nodes that do not read them would be silently ignored: say so instead. */
function checkPlainEdges(node: GraphNode, edges: GraphEdge[], { report }: RuleContext): void {
  const branchBy = node.info?.branchBy;
  for (const edge of edges) {
    const name = edge.id ?? edge.index;
    if (branchBy !== "condition") {
      for (const field of ["condition", "default"]) {
        if (has(edge, field))
          report({
            path: `${edge.path}/${field}`,
            ...edgeRef(edge, node),
            code: "condition-outside-decision",
            message: `edge ${name} leaves a ${node.info?.type} node, which ignores "${field}"; only decision edges take it`,
          });
      }
    }
    // A wait for an event reads on: event | timeout (eventWaits checks them).
    if (branchBy !== "decision" && has(edge, "on") && !eventWaitOf(node)) {
      report({
        path: `${edge.path}/on`,
        ...edgeRef(edge, node),
        code: "on-outside-approval",
        message: `edge ${name} leaves a ${node.info?.type} node, which ignores "on"; only approval edges and the edges of a wait for an event take it`,
      });
    }
  }
}

export const branchFields: Rule = (context) => {
  for (const node of context.graph.nodes) {
    if (!node.info || context.graph.byId.get(node.id) !== node) continue;
    const edges = context.graph.leaving.get(node.id) ?? [];
    if (node.info.branchBy === "condition") checkDecision(node, edges, context);
    if (node.info.branchBy === "decision") checkApproval(node, edges, context);
    checkPlainEdges(node, edges, context);
  }
};
