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
  const response = await runtime.api<{ items: FlowEvent[] }>(`/flows/${id}/events`);
  if (response.status !== 200) throw new Error(`GET /flows/${id}/events answered ${response.status}`);
  return response.body.items;
}

export async function instanceOf(runtime: RuntimeProcess, id: string): Promise<InstanceBody> {
  const response = await runtime.api<InstanceBody>(`/flows/${id}`);
  if (response.status !== 200) throw new Error(`GET /flows/${id} answered ${response.status}`);
  return response.body;
}

/** Every instance of a flow type (up to 200, which is all these tests create). */
export async function instancesOf(runtime: RuntimeProcess, flowType: string): Promise<InstanceSummary[]> {
  const response = await runtime.api<{ items: InstanceSummary[]; nextCursor: string | null }>(
    `/flows?flowType=${flowType}&limit=200`,
  );
  if (response.status !== 200) throw new Error(`GET /flows answered ${response.status}`);
  if (response.body.nextCursor !== null) throw new Error("more than 200 instances; page through them");
  return response.body.items;
}

/**
 * What is wrong with a completed instance's history, as readable lines (empty when nothing is):
 * seq numbers 1..n, one `instance.completed` and it is last, one `node.entered` per node, one `node.completed`
 * per node that completes (every node but the end), no failures or retries, at least one `node.started` per
 * phase and all of a phase's `node.started` events for the same attempt.
 */
export function historyProblems(
  events: readonly FlowEvent[],
  nodes: ReadonlyArray<{ id: string; type: string }>,
): string[] {
  const problems: string[] = [];
  const seqs = events.map((e) => e.seq);
  const expected = events.map((_, i) => i + 1);
  if (seqs.join(",") !== expected.join(",")) problems.push(`seq is ${seqs.join(",")}, not 1..${events.length}`);
  const count = (type: string, nodeId?: string) =>
    events.filter((e) => e.type === type && (nodeId === undefined || e.nodeId === nodeId)).length;
  if (count("instance.completed") !== 1) problems.push(`${count("instance.completed")} instance.completed events`);
  if (events.at(-1)?.type !== "instance.completed") problems.push(`the last event is ${events.at(-1)?.type}`);
  for (const type of ["node.failed", "node.retrying", "instance.failed"]) {
    if (count(type) > 0) problems.push(`${count(type)} ${type} events`);
  }
  for (const node of nodes) {
    if (count("node.entered", node.id) !== 1) problems.push(`${node.id}: ${count("node.entered", node.id)} entered`);
    const completions = count("node.completed", node.id);
    if (node.type !== "end" && completions !== 1) problems.push(`${node.id}: ${completions} completed`);
    if (node.type === "phase") {
      const attempts = events
        .filter((e) => e.type === "node.started" && e.nodeId === node.id)
        .map((e) => JSON.stringify(e.data?.attempt));
      if (attempts.length === 0) problems.push(`${node.id}: never started`);
      if (new Set(attempts).size > 1) problems.push(`${node.id}: started with attempts ${attempts.join(",")}`);
    }
  }
  return problems;
}

/** How many `node.started` events repeat an earlier one of the same node: attempts re-run after a crash. */
export function rerunCount(events: readonly FlowEvent[]): number {
  const seen = new Set<string>();
  let reruns = 0;
  for (const e of events) {
    if (e.type !== "node.started") continue;
    const key = `${e.nodeId}`;
    if (seen.has(key)) reruns++;
    seen.add(key);
  }
  return reruns;
}
