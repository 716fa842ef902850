/**
 * Reading an instance's history the way an operator would (GET /flows/{id} and /events), and the exactly-once
 * checks the architecture promises for it: committed transitions appear once, seq numbers have no gaps, and a
 * re-run after a crash repeats only `node.started`, with the same attempt (the same idempotency key).
 */
import type { RuntimeProcess } from "./runtime-process.js";

export interface FlowEvent {
  seq: number;
  type: string;
  nodeId: string | null;
  at: string;
  data?: Record<string, unknown>;
}

export interface InstanceBody {
  id: string;
  status: string;
  currentNodes: string[];
  context: { input: unknown; phases: Record<string, { status: string; output?: unknown; attempts: number }> };
}

export interface InstanceSummary {
  id: string;
  status: string;
  currentNodes: string[];
}

export async function eventsOf(runtime: RuntimeProcess, id: string): Promise<FlowEvent[]> {
  return (await runtime.client.events(id)).items as FlowEvent[];
}

export async function instanceOf(runtime: RuntimeProcess, id: string): Promise<InstanceBody> {
  return (await runtime.client.getFlow(id)) as InstanceBody;
}

/** Every instance of a flow type, optionally only those with `status`, paging through GET /flows. */
export async function instancesOf(
  runtime: RuntimeProcess,
  flowType: string,
  status?: string,
): Promise<InstanceSummary[]> {
  const all: InstanceSummary[] = [];
  let cursor: string | null = null;
  do {
    const page = await runtime.client.listFlows({ flowType, limit: 200, status, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor ?? null;
  } while (cursor !== null);
  return all;
}

/**
 * What is wrong with a completed instance's history, as readable lines (empty when nothing is):
 * seq numbers 1..n, one `instance.completed` and it is last, one `node.entered` per node, one `node.completed`
 * per node that completes (every node but the end), no failures, and for each phase exactly the retries
 * `retries` expects (default none): that many `node.retrying` events, and `node.started` events for attempts
 * 1..retries+1 and no others (a re-run after a crash repeats an attempt, never makes a new one).
 */
export function historyProblems(
  events: readonly FlowEvent[],
  nodes: ReadonlyArray<{ id: string; type: string }>,
  retries: Readonly<Record<string, number>> = {},
): string[] {
  const problems: string[] = [];
  const seqs = events.map((e) => e.seq);
  const expected = events.map((_, i) => i + 1);
  if (seqs.join(",") !== expected.join(",")) problems.push(`seq is ${seqs.join(",")}, not 1..${events.length}`);
  const count = (type: string, nodeId?: string) =>
    events.filter((e) => e.type === type && (nodeId === undefined || e.nodeId === nodeId)).length;
  if (count("instance.completed") !== 1) problems.push(`${count("instance.completed")} instance.completed events`);
  if (events.at(-1)?.type !== "instance.completed") problems.push(`the last event is ${events.at(-1)?.type}`);
  for (const type of ["node.failed", "instance.failed"]) {
    if (count(type) > 0) problems.push(`${count(type)} ${type} events`);
  }
  const expectedRetries = nodes.reduce((sum, node) => sum + (retries[node.id] ?? 0), 0);
  if (count("node.retrying") !== expectedRetries)
    problems.push(`${count("node.retrying")} node.retrying events, not ${expectedRetries}`);
  for (const node of nodes) {
    if (count("node.entered", node.id) !== 1) problems.push(`${node.id}: ${count("node.entered", node.id)} entered`);
    const completions = count("node.completed", node.id);
    if (node.type !== "end" && completions !== 1) problems.push(`${node.id}: ${completions} completed`);
    if (node.type === "phase") {
      const retried = retries[node.id] ?? 0;
      if (count("node.retrying", node.id) !== retried)
        problems.push(`${node.id}: ${count("node.retrying", node.id)} retrying, not ${retried}`);
      const attempts = [
        ...new Set(events.filter((e) => e.type === "node.started" && e.nodeId === node.id).map((e) => e.data?.attempt)),
      ];
      const wanted = Array.from({ length: retried + 1 }, (_, i) => i + 1);
      if (attempts.length === 0) problems.push(`${node.id}: never started`);
      else if (JSON.stringify(attempts) !== JSON.stringify(wanted))
        problems.push(`${node.id}: started attempts ${attempts.join(",")}, not ${wanted.join(",")}`);
    }
  }
  return problems;
}

/**
 * How many `node.started` events repeat an earlier one of the same node and attempt: attempts re-run after a
 * crash (a retry is a new attempt, not a re-run).
 */
export function rerunCount(events: readonly FlowEvent[]): number {
  const seen = new Set<string>();
  let reruns = 0;
  for (const e of events) {
    if (e.type !== "node.started") continue;
    const key = `${e.nodeId}:${JSON.stringify(e.data?.attempt)}`;
    if (seen.has(key)) reruns++;
    seen.add(key);
  }
  return reruns;
}
