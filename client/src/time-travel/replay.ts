/**
 * The replay of one instance's history: each stored event applied to a state that mirrors what the engine keeps
 * (runtime/src/engine/run/: node-transitions.ts, run-state.ts, operator-transitions.ts, recovery.ts), so that the
 * state after the last event equals the stored instance. Outputs are not in the events: they come from the node
 * attempt rows (the row whose finishedSeq is the node.completed event's seq), the instance input from the start
 * node's row, an approval's decision from its node.decided event.
 *
 * Copy on write: a change replaces a phase or step record instead of changing it, so a checkpoint is a shallow
 * copy (cheap whatever the size of the outputs) and a state handed out never changes under its holder.
 */
import {
  type FlowDefinition,
  type FlowEvent,
  type FlowNode,
  findParallelJoins,
  type InstanceContext,
  type InstanceStatus,
  type NodeAttempt,
  type NodeError,
  type PhaseState,
} from "@mfo/schemas";

/** What the engine's bookkeeping says of an active node, as far as the instance status depends on it. */
interface Step {
  status: "ready" | "running" | "scheduled" | "waiting";
  /** Waiting on a child instance (a subflow), not on a person. */
  child?: boolean;
}

/** Where a failed instance resumes: the position before the failure, and the node that failed. */
interface ResumePoint {
  active: string[];
  steps: Record<string, Step>;
  node: string;
}

export interface ReplayState {
  /** Index in the history of the last event applied (-1: none). */
  index: number;
  seq: number;
  at: string | null;
  status: InstanceStatus;
  finished: boolean;
  lastError: NodeError | null;
  /** The active nodes in the order they were entered (a node may be active in two branches). */
  active: string[];
  steps: Record<string, Step>;
  phases: Record<string, PhaseState>;
  input: Record<string, unknown>;
  passed: Set<string>;
  takenEdges: Set<string>;
  /** Set by a node.failed, until the next event: where a failure of the instance would resume. */
  failing?: ResumePoint;
  resume?: ResumePoint;
}

/** What the replay reads besides the events: the flow and the attempt rows by the seq that finished them. */
export interface ReplaySource {
  nodes: Map<string, FlowNode>;
  outgoing: Map<string, { id: string; target: string }[]>;
  /** The parallel node each join closes. */
  parallelOf: Map<string, string>;
  finishedBy: Map<number, NodeAttempt>;
  input: Record<string, unknown>;
}

export function replaySource(definition: FlowDefinition, attempts: readonly NodeAttempt[]): ReplaySource {
  const outgoing = new Map<string, { id: string; target: string }[]>();
  for (const e of definition.edges) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e]);
  const parallelOf = new Map<string, string>();
  for (const [parallel, join] of findParallelJoins(definition)) parallelOf.set(join, parallel);
  const start = definition.nodes.find((n) => n.type === "start");
  const startRow = attempts.find((a) => a.nodeId === start?.id && a.output !== undefined && a.output !== null);
  return {
    nodes: new Map(definition.nodes.map((n) => [n.id, n])),
    outgoing,
    parallelOf,
    finishedBy: new Map(attempts.map((a) => [a.finishedSeq, a])),
    input: (startRow?.output as Record<string, unknown> | undefined) ?? {},
  };
}

export function initialState(): ReplayState {
  return {
    index: -1,
    seq: 0,
    at: null,
    status: "running",
    finished: false,
    lastError: null,
    active: [],
    steps: {},
    phases: {},
    input: {},
    passed: new Set(),
    takenEdges: new Set(),
  };
}

/** A copy that shares the records (phases, steps, outputs): changes to either replace records, never edit them. */
export function copyState(s: ReplayState): ReplayState {
  return {
    ...s,
    active: [...s.active],
    steps: { ...s.steps },
    phases: { ...s.phases },
    passed: new Set(s.passed),
    takenEdges: new Set(s.takenEdges),
  };
}

/** The phase record as the engine creates it on first use (RunState.phase). */
const NEW_PHASE: PhaseState = { status: "running", attempts: 0, startedAt: null, finishedAt: null, error: null };

function setPhase(s: ReplayState, nodeId: string, change: Partial<PhaseState>): void {
  s.phases[nodeId] = { ...(s.phases[nodeId] ?? NEW_PHASE), ...change };
}

function leave(s: ReplayState, nodeId: string): void {
  const i = s.active.lastIndexOf(nodeId);
  if (i >= 0) s.active.splice(i, 1);
  if (!s.active.includes(nodeId)) delete s.steps[nodeId];
}

function end(s: ReplayState, status: InstanceStatus): void {
  s.status = status;
  s.finished = true;
  s.active = [];
  s.steps = {};
}

/** The status an unfinished instance shows (RunState.settleStatus): waiting when only people can move it. */
function settle(s: ReplayState): void {
  if (s.finished || (s.status !== "running" && s.status !== "waiting")) return;
  const steps = Object.values(s.steps);
  const personWaits = steps.filter((step) => step.status === "waiting" && !step.child).length;
  s.status = personWaits > 0 && personWaits === steps.length ? "waiting" : "running";
}

/** Applies one event (the next in the history) to `s`, in place. */
export function applyEvent(s: ReplayState, src: ReplaySource, e: FlowEvent, index: number): void {
  const id = e.nodeId ?? "";
  const node = src.nodes.get(id);
  const data = (e.data ?? {}) as Record<string, unknown>;
  const failing = s.failing;
  delete s.failing;
  s.index = index;
  s.seq = e.seq;
  s.at = e.at;
  switch (e.type) {
    case "instance.created":
      s.input = src.input;
      break;
    case "node.entered": {
      if (failing) {
        // A failure handled by the node's onError (continue or goto) moved on along this edge.
        const edge = src.outgoing.get(failing.node)?.find((x) => x.target === id);
        if (edge) s.takenEdges.add(edge.id);
      }
      const parallel = src.parallelOf.get(id);
      if (parallel) leave(s, parallel);
      s.active.push(id);
      s.steps[id] = { status: "ready" };
      break;
    }
    case "node.waiting":
      if (data.until !== undefined) {
        setPhase(s, id, { status: "waiting", attempts: 1, startedAt: e.at, finishedAt: null });
        s.steps[id] = { status: "scheduled" };
      } else s.steps[id] = { status: "waiting" };
      break;
    case "node.started": {
      const phase = s.phases[id] ?? NEW_PHASE;
      if (data.childId !== undefined) {
        setPhase(s, id, { status: "running", attempts: phase.attempts + 1, startedAt: e.at });
        s.steps[id] = { status: "waiting", child: true };
      } else {
        setPhase(s, id, { status: "running", attempts: phase.attempts + 1, startedAt: e.at, finishedAt: null });
        s.steps[id] = { status: "running" };
      }
      break;
    }
    case "node.retrying":
      s.steps[id] = { status: "scheduled" };
      break;
    case "node.triggered":
    case "node.interrupted":
      s.steps[id] = { status: "ready" };
      if (e.type === "node.interrupted")
        setPhase(s, id, { attempts: Math.max(0, (s.phases[id] ?? NEW_PHASE).attempts - 1) });
      break;
    case "node.decided": {
      const output = { decision: data.decision, ...(data.comment ? { comment: data.comment } : {}) };
      setPhase(s, id, { output, status: "completed", attempts: 1, startedAt: e.at, finishedAt: e.at });
      break;
    }
    case "node.completed":
      completed(s, src, e, node);
      break;
    case "node.failed": {
      const error: NodeError = { nodeId: id, code: data.code as string, message: data.message as string };
      s.lastError = error;
      if (node?.type === "phase" || node?.type === "subflow")
        setPhase(s, id, { status: "failed", finishedAt: e.at, error });
      s.failing = { active: [...s.active], steps: { ...s.steps }, node: id };
      leave(s, id);
      break;
    }
    case "instance.paused":
      s.status = "paused";
      break;
    case "instance.resumed":
      resumed(s);
      break;
    case "instance.quarantined":
      s.status = "quarantined";
      s.lastError = { nodeId: id, code: "quarantined", message: `step "${id}" was interrupted`, ...data };
      break;
    case "instance.cancelled":
      end(s, "cancelled");
      break;
    case "instance.completed":
    case "instance.failed":
      if (e.nodeId) s.passed.add(e.nodeId);
      // Failed by an error (not at an end node whose outcome is failed): a resume starts over from there.
      if (e.type === "instance.failed" && !e.nodeId && failing) s.resume = failing;
      if (e.type === "instance.failed" && data.error) s.lastError = data.error as NodeError;
      end(s, e.type === "instance.completed" ? "completed" : "failed");
      break;
  }
  settle(s);
}

function completed(s: ReplayState, src: ReplaySource, e: FlowEvent, node: FlowNode | undefined): void {
  const id = e.nodeId ?? "";
  const edges = src.outgoing.get(id) ?? [];
  const edge = (e.data as { edge?: string } | undefined)?.edge;
  s.passed.add(id);
  if (edge) s.takenEdges.add(edge);
  else if (node?.type === "parallel" || edges.length === 1) for (const x of edges) s.takenEdges.add(x.id);
  if (node?.type === "phase" || node?.type === "subflow") {
    const row = src.finishedBy.get(e.seq);
    setPhase(s, id, {
      output: row?.output as PhaseState["output"],
      status: "completed",
      finishedAt: e.at,
      error: null,
    });
  } else if (node?.type === "wait") setPhase(s, id, { status: "completed", finishedAt: e.at });
  // A parallel node stays active (waiting) while its branches run; its join leaves it.
  if (node?.type === "parallel") s.steps[id] = { status: "waiting" };
  else leave(s, id);
}

function resumed(s: ReplayState): void {
  if (s.status === "failed" && s.resume) {
    // Back to just before the failure, the failed node ready again; the other branches carry on as they were.
    s.active = [...s.resume.active];
    s.steps = { ...s.resume.steps, [s.resume.node]: { status: "ready" } };
    delete s.resume;
    s.finished = false;
  }
  s.lastError = null;
  s.status = "running";
}

/** The flow context as the engine stores it, at this state (records shared: read only). */
export function contextOf(s: ReplayState): InstanceContext {
  return { input: s.input, phases: { ...s.phases }, vars: {} };
}

/** The instance's current nodes as stored: each active node once, none once it ended. */
export function currentNodesOf(s: ReplayState): string[] {
  return s.finished ? [] : [...new Set(s.active)];
}
