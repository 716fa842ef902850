/**
 * The messages between the expression pool (expression-pool.ts) and its processes (expression-process.ts), over
 * the IPC channel with "advanced" serialization: the data travels as JSON text made once on the main thread,
 * which V8's serializer copies as it is (no escaping, unlike the "json" channel), and the process parses it
 * only when the job's turn comes.
 */

/** One evaluation: `data` is the JSON text of what it reads (absent: undefined). */
export type Job = { id: number; timeoutMs: number; data?: string } & (
  | { kind: "evaluate"; source: string }
  | { kind: "first-true"; sources: string[] }
  | { kind: "params"; params: string; secretNonce?: string }
  | { kind: "chain"; steps: ChainStep[] }
);

/** Main thread to process: jobs to run in order, one reply each. */
export interface JobBatch {
  jobs: Job[];
}

/** Process to main thread: `ready` once it listens, then one reply per job, in the order they were sent. */
export type ProcessReply =
  | { ready: true }
  | { id: number; json?: string }
  | { id: number; error: { message: string; code: string; position?: number } };

/** One expression of a chain: a `transform` phase's, run after the ones before it completed. */
export interface ChainStep {
  nodeId: string;
  source: string;
}

/**
 * What a chain job gives: the outputs (JSON, null for nothing) of its first expressions in order. Fewer than
 * its steps: the next one failed with `error`, or (no error) it read what only the engine can know (a chained
 * phase's timestamps) and must be evaluated the ordinary way.
 */
export interface ChainResult {
  outputs: unknown[];
  error?: { message: string; code: string; position?: number };
}
