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
  | { kind: "params"; params: string }
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
