/**
 * The retention of test runs (MFO_TEST_RUN_RETENTION): every few minutes, test instances older than the retention
 * are hard-deleted in bounded batches (store/instances/sweep-test-runs.ts), then the test revisions left unused.
 * Each process sweeps; two at once skip each other's rows (FOR UPDATE SKIP LOCKED), so none waits.
 */
import type { Db } from "../store/database.js";
import { sweepTestInstances, sweepTestRevisions } from "../store/instances/sweep-test-runs.js";

/** How long test runs are kept when MFO_TEST_RUN_RETENTION is not set: 7 days. */
export const DEFAULT_TEST_RUN_RETENTION_MS = 7 * 24 * 3_600_000;
/** Test instances removed per statement: a big backlog is removed in short transactions, not one long one. */
export const SWEEP_BATCH = 500;

export interface TestRunSweeperOptions {
  db: Db;
  retentionMs: number;
  now(): Date;
  logger: { warn(fields: object, message: string): void };
  /** Between sweeps (ms); a tenth of the retention, from 1 minute to 10 minutes, when absent. */
  everyMs?: number;
}

export interface TestRunSweeper {
  /** Sweeps now (as if the clock said `at`), until caught up; returns the test instances and revisions removed. */
  sweep(at?: Date): Promise<{ instances: number; revisions: number }>;
  stop(): Promise<void>;
}

/** Parses a retention such as `7d`, `12h`, `30m` or `45s` into milliseconds; undefined when it is none of them. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})(d|h|m|s)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 }[match[2] as "d" | "h" | "m" | "s"];
  const ms = Number(match[1]) * unit;
  return ms > 0 ? ms : undefined;
}

export function startTestRunSweeper(options: TestRunSweeperOptions): TestRunSweeper {
  const { db, retentionMs, logger } = options;
  const everyMs = options.everyMs ?? Math.min(600_000, Math.max(60_000, Math.floor(retentionMs / 10)));
  let running: Promise<unknown> = Promise.resolve();

  const sweep = async (at = options.now()) => {
    const cutoff = new Date(at.getTime() - retentionMs);
    let instances = 0;
    for (;;) {
      const removed = await sweepTestInstances(db, cutoff, SWEEP_BATCH);
      instances += removed;
      if (removed < SWEEP_BATCH) break;
    }
    return { instances, revisions: await sweepTestRevisions(db, cutoff) };
  };

  const timer = setInterval(() => {
    running = sweep().catch((error) => logger.warn({ err: String(error) }, "sweeping old test runs failed"));
  }, everyMs);
  // The sweep never keeps a process alive that has nothing else to do.
  timer.unref();

  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
