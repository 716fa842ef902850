/**
 * Where every expression a flow author wrote is evaluated: a small pool of processes (pool-process.ts), so that
 * no expression runs on the runtime's event loop and each can be stopped. The limits:
 * - time: JSONata checks its own time limit between AST nodes; a process still on one job `graceMs` after that
 *   limit (a built-in that never returns to a check, e.g. `$sort` of 10^7 items or a backtracking regex) is
 *   killed and replaced: `expression-timeout`.
 * - memory: each process has a V8 heap limit (`heapMb`); passing it ends that process: `expression-memory`.
 * - output: a result larger than `maxOutputBytes` as JSON is refused in the process, before it is sent:
 *   `output-too-large`.
 * Only the job that was running fails; the jobs sent with it are queued again, in front.
 *
 * Batching: requests made while no process is free (or in the same tick) go out together in one message, each
 * process answering job by job; a decision's conditions, a step's "=" params and a straight run of `transform`
 * phases (evaluate-chain.ts) are one job each. The data goes
 * as JSON text, made at the call (measured against structured clone: the same on the main thread for small
 * contexts, less for big ones, and it lets the process parse each job's data only when it runs it).
 */
import { isDynamicValue } from "@mfo/schemas";
import { DEFAULT_POOL_OPTIONS, type ExpressionPool, type ExpressionPoolOptions } from "./evaluator.js";
import { ExpressionError, timeoutOf } from "./expression-error.js";
import { type PoolProcess, startPoolProcess } from "./pool-process.js";
import type { ChainResult, Job, ProcessReply } from "./pool-protocol.js";

export {
  DEFAULT_POOL_OPTIONS,
  type ExpressionEvaluator,
  type ExpressionPool,
  type ExpressionPoolOptions,
} from "./evaluator.js";

/** Most jobs sent in one message: a killed process takes at most this many back to the queue. */
const MAX_BATCH = 32;
/** How long the busy processes must have been on one job before another process takes queued work. */
const SPILL_MS = 20;
/** A process that has not said it is ready by then is taken as unable to start. */
const START_TIMEOUT_MS = 30_000;

/** A job before the pool numbers it (Omit over each member of the union, keeping their differences). */
type JobInput = Job extends infer J ? (J extends Job ? Omit<J, "id"> : never) : never;

interface Pending {
  job: Job;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  process: PoolProcess;
  /** Sent and not answered, in order: the first is running, since `startedAt`. */
  running: Pending[];
  startedAt: number;
  timer: NodeJS.Timeout | undefined;
  /** Set when the pool killed it: the reason its running job failed. */
  killedFor: ExpressionError | undefined;
}

function hasDynamicValue(value: unknown): boolean {
  if (isDynamicValue(value)) return true;
  if (value === null || typeof value !== "object") return false;
  return Object.values(value).some(hasDynamicValue);
}

/** An expression pool; processes start on first use and are replaced when one is killed or dies. */
export function createExpressionPool(options: ExpressionPoolOptions = {}): ExpressionPool {
  const settings = { ...DEFAULT_POOL_OPTIONS, ...options };
  const queue: Pending[] = [];
  const slots = new Set<Slot>();
  let nextId = 1;
  let flushing = false;
  let closed = false;
  let spillTimer: NodeJS.Timeout | undefined;

  const fail = (pending: Pending, error: ExpressionError) => pending.reject(error);

  const disarm = (slot: Slot) => {
    clearTimeout(slot.timer);
    slot.timer = undefined;
  };

  /** Kills the process when its running job passes its time limit plus the grace. */
  const arm = (slot: Slot) => {
    disarm(slot);
    const head = slot.running[0];
    if (!head) return;
    // A chain's expressions each have the time limit: the whole job may take their sum.
    const limit = head.job.kind === "chain" ? head.job.timeoutMs * head.job.steps.length : head.job.timeoutMs;
    const deadline = slot.startedAt + limit + settings.graceMs;
    slot.timer = setTimeout(
      () =>
        // After this turn's I/O: a reply already waiting in the pipe is read first, so a busy event loop never
        // makes a job that finished in time look late.
        setImmediate(() => {
          if (slot.running[0] !== head || slot.killedFor) return;
          if (performance.now() < deadline) return arm(slot);
          slot.killedFor = new ExpressionError(
            `expression failed: it ran longer than its time limit of ${head.job.timeoutMs} ms and was stopped`,
            "expression-timeout",
          );
          slot.process.kill();
        }),
      Math.max(0, deadline - performance.now()),
    );
  };

  const onReply = (slot: Slot, reply: Exclude<ProcessReply, { ready: true }>) => {
    const head = slot.running[0];
    // Once killed, its running job has failed: a reply that crossed the kill must not shift the blame.
    if (!head || head.job.id !== reply.id || slot.killedFor) return;
    slot.running.shift();
    slot.startedAt = performance.now();
    if ("error" in reply) head.reject(new ExpressionError(reply.error.message, reply.error.code, reply.error.position));
    else head.resolve(reply.json === undefined ? undefined : JSON.parse(reply.json));
    if (slot.running.length > 0) arm(slot);
    else {
      disarm(slot);
      slot.process.hold(false);
      schedule();
    }
  };

  const onExit = (slot: Slot, signal: NodeJS.Signals | null, stderr: string) => {
    slots.delete(slot);
    disarm(slot);
    const [culprit, ...rest] = slot.running;
    if (!slot.process.ready && !closed) {
      // It never started: everything waiting would wait for ever. Say why, once, to every waiting job.
      const detail = stderr.trim().split("\n").pop() ?? "";
      const error = new ExpressionError(
        `expression failed: no expression process could start${detail ? ` (${detail})` : ""}`,
        "expression-unavailable",
      );
      for (const pending of queue.splice(0)) fail(pending, error);
      return;
    }
    if (culprit) {
      const error =
        slot.killedFor ??
        (signal === "SIGABRT" || /out of memory/i.test(stderr)
          ? new ExpressionError(
              `expression failed: it used more memory than the limit of ${settings.heapMb} MB and was stopped`,
              "expression-memory",
            )
          : new ExpressionError(
              `expression failed: its process stopped${signal ? ` (${signal})` : ""}`,
              "expression-crashed",
            ));
      fail(culprit, error);
    }
    queue.unshift(...rest);
    schedule();
  };

  const start = (): void => {
    const slot = { running: [], startedAt: 0, timer: undefined, killedFor: undefined } as Omit<Slot, "process">;
    const started = startPoolProcess({
      heapMb: settings.heapMb,
      maxOutputBytes: settings.maxOutputBytes,
      onReady: () => {
        started.hold(queue.length > 0);
        schedule();
      },
      onReply: (reply) => onReply(full, reply),
      onExit: (signal, stderr) => onExit(full, signal, stderr),
    });
    const full: Slot = Object.assign(slot, { process: started });
    setTimeout(() => {
      if (!started.ready) started.kill();
    }, START_TIMEOUT_MS).unref();
    slots.add(full);
  };

  /** Sends what is queued to the free processes, starting processes up to the pool's size. */
  const flush = () => {
    flushing = false;
    clearTimeout(spillTimer);
    if (closed || queue.length === 0) return;
    const now = performance.now();
    const isFree = (s: Slot) => s.process.ready && s.running.length === 0;
    const isStuck = (s: Slot) => s.running.length > 0 && now - s.startedAt >= SPILL_MS;
    const busy = [...slots].filter((s) => s.running.length > 0);
    // One process takes everything while it keeps up: waiting a moment for it batches more, and on a small
    // machine a second process mostly adds context switches (measured: instances/s fell 12-22% with PostgreSQL).
    // Others take work when it has been on one job for SPILL_MS (a heavy or hostile expression).
    if (busy.some((s) => !isStuck(s))) {
      const next = Math.min(...busy.map((s) => s.startedAt + SPILL_MS - now));
      spillTimer = setTimeout(schedule, Math.max(1, next));
      return;
    }
    if (slots.size < settings.processes && ![...slots].some(isFree) && ![...slots].some((s) => !s.process.ready))
      start();
    const free = [...slots].filter(isFree);
    free.forEach((slot, index) => {
      const share = Math.min(MAX_BATCH, Math.ceil(queue.length / (free.length - index)));
      const batch = queue.splice(0, share);
      if (batch.length === 0) return;
      slot.running = batch;
      slot.startedAt = performance.now();
      slot.killedFor = undefined;
      slot.process.hold(true);
      slot.process.send({ jobs: batch.map((p) => p.job) });
      arm(slot);
    });
  };

  /** Flushes once the current tick is done, so that requests made together go out together. */
  const schedule = () => {
    if (flushing) return;
    flushing = true;
    queueMicrotask(flush);
  };

  const submit = (input: JobInput): Promise<unknown> => {
    if (closed)
      return Promise.reject(new ExpressionError("expression failed: the runtime is closing", "expression-unavailable"));
    return new Promise((resolve, reject) => {
      queue.push({ job: { ...input, id: nextId++ } as Job, resolve, reject });
      schedule();
    });
  };

  const textOf = (data: unknown): string | undefined => JSON.stringify(data);

  return {
    async evaluate(source, data, evaluateOptions) {
      const timeoutMs = timeoutOf(evaluateOptions);
      return submit({ kind: "evaluate", source, timeoutMs, ...dataOf(textOf(data)) });
    },
    async firstTrue(sources, data, evaluateOptions) {
      const timeoutMs = timeoutOf(evaluateOptions);
      if (sources.length === 0) return -1;
      return (await submit({
        kind: "first-true",
        sources: [...sources],
        timeoutMs,
        ...dataOf(textOf(data)),
      })) as number;
    },
    async resolveParams(params, context, evaluateOptions) {
      const timeoutMs = timeoutOf(evaluateOptions);
      // Most params hold no expression: those need no process and no copy.
      if (!hasDynamicValue(params)) return structuredClone(params);
      const data = textOf({ input: context.input, phases: context.phases, vars: context.vars });
      const nonce = evaluateOptions?.secretNonce;
      const resolved = await submit({
        kind: "params",
        params: JSON.stringify(params),
        timeoutMs,
        ...(nonce === undefined ? {} : { secretNonce: nonce }),
        ...dataOf(data),
      });
      return resolved as Record<string, unknown>;
    },
    async chain(steps, data, evaluateOptions) {
      const timeoutMs = timeoutOf(evaluateOptions);
      if (steps.length === 0) return { outputs: [] };
      return (await submit({ kind: "chain", steps: [...steps], timeoutMs, ...dataOf(textOf(data)) })) as ChainResult;
    },
    warm() {
      if (!closed && slots.size === 0) start();
    },
    async close() {
      closed = true;
      clearTimeout(spillTimer);
      const error = new ExpressionError("expression failed: the runtime is closing", "expression-unavailable");
      for (const pending of queue.splice(0)) fail(pending, error);
      for (const slot of slots) {
        for (const pending of slot.running.splice(0)) fail(pending, error);
        disarm(slot);
        slot.process.kill();
      }
      slots.clear();
    },
  };
}

function dataOf(text: string | undefined): { data?: string } {
  return text === undefined ? {} : { data: text };
}
