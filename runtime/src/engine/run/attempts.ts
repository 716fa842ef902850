/**
 * The node data of a run (issue 18): each attempt of a node that ends adds one node_attempts row to the step's
 * commit, beside the event that records its outcome. Which nodes keep one: the start node (the input), phases
 * and subflows (each attempt), decisions (the edge taken and the conditions' values), approvals (the decision,
 * who, the comment) and waits (when due and when fired). Joins, parallels and ends keep none: their events say
 * all there is. Values stay open here; RunState.sealedAttempts() seals them for the commit.
 */
import type { FlowNode } from "@mfo/schemas";
import type { NewNodeAttempt, NodeAttemptStatus } from "../../store/instances/index.js";
import type { AttemptRecord } from "../run-phase.js";
import type { RunState } from "./run-state.js";

const KEPT = new Set<FlowNode["type"]>(["start", "phase", "subflow", "decision", "approval", "wait"]);

/** What an attempt adds to the row besides what the run knows (its node, run, seqs, times). */
export interface AttemptFields {
  output?: unknown;
  error?: NewNodeAttempt["error"];
  detail?: Record<string, unknown> | null;
  /** A phase attempt's record from runPhase (params, validators, logs, times, idempotency key). */
  record?: AttemptRecord | undefined;
  /** When there is no record (an interrupted attempt). */
  idempotencyKey?: string;
}

/**
 * Adds the row of the attempt of `state` that ends with the event just written (its seq is the row's
 * finishedSeq). Call it after that event and before the machine moves on (the step's bookkeeping is read).
 */
export function recordAttempt(run: RunState, state: string, status: NodeAttemptStatus, fields: AttemptFields = {}) {
  const node = run.nodeOf(state);
  if (!KEPT.has(node.type)) return;
  const step = run.book.steps[state];
  const finishedAt = fields.record?.finishedAt ?? run.at();
  const startedAt = fields.record?.startedAt ?? (step?.startedAt ? new Date(step.startedAt) : finishedAt);
  const record = fields.record;
  run.attempts.push({
    nodeId: node.id,
    run: run.book.entered?.[node.id] ?? 1,
    attempt: Math.max(1, step?.attempt ?? 1),
    status,
    startedSeq: step?.startedSeq ?? null,
    finishedSeq: run.book.seq,
    startedAt,
    finishedAt: new Date(Math.max(finishedAt.getTime(), startedAt.getTime())),
    idempotencyKey: record?.idempotencyKey ?? fields.idempotencyKey ?? null,
    input: record?.params ?? null,
    output: fields.output ?? null,
    validators: record?.validators ?? null,
    logs: record?.logs ?? null,
    logsTruncated: record?.logsTruncated ?? false,
    error: fields.error ?? null,
    detail: fields.detail ?? null,
  });
}

/** Marks the start of an attempt of `state` on its bookkeeping: the event just written and its time. */
export function markStarted(run: RunState, state: string): void {
  const step = run.stepOf(state);
  step.startedSeq = run.book.seq;
  step.startedAt = run.at().toISOString();
}
