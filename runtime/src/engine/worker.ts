/**
 * The worker: claims instances with due work (leased, FOR UPDATE SKIP LOCKED), keeps up to `batch` of them in
 * flight, renews a lease while a step runs, releases it when the step's last commit did not, and sleeps pollMs
 * (or until woken) when nothing is due. What a step does is the step runner's business.
 */
import { randomUUID } from "node:crypto";
import type { HandlerLogger } from "../handlers/types.js";
import type { Db } from "../store/database.js";
import { type ClaimedInstance, claimDue, releaseLease, renewLease } from "../store/instances/index.js";

/**
 * A claimed instance's lease, as a step sees it: the worker renews it for the whole step (a handler may take
 * longer than the lease, and on a saturated machine so may a commit waiting for a pooled connection).
 */
export interface Lease {
  readonly owner: string;
}

export interface WorkerOptions {
  db: Db;
  leaseMs: number;
  pollMs: number;
  batch: number;
  now(): Date;
  logger: Pick<HandlerLogger, "warn" | "error">;
  /**
   * Advances one claimed instance (its row and due timers as the claim read them) as far as it goes; returns
   * whether its last commit released the lease.
   */
  step(claimed: ClaimedInstance, lease: Lease): Promise<boolean>;
}

export interface Worker {
  /** This process's name on the leases it holds. */
  readonly owner: string;
  /** Claims and processes one batch of due instances; returns how many it processed. */
  runOnce(): Promise<number>;
  /**
   * Starts the loop: keeps up to `batch` instances in flight, claiming more as soon as one finishes (a slow
   * instance never holds up the others' slots), and sleeps pollMs (or until woken) when nothing is due.
   */
  start(): void;
  /** Makes the loop look for work now (after an API call created some). */
  wake(): void;
  /** Stops claiming and waits for the instances in flight. */
  stop(): Promise<void>;
}

/** A worker whose leases are named after this process (its pid and a random suffix). */
export function createWorker(options: WorkerOptions): Worker {
  const { db, leaseMs, pollMs, batch, logger } = options;
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;

  const hold = async <T>(id: string, work: () => Promise<T>): Promise<T> => {
    const every = Math.max(100, Math.floor(leaseMs / 3));
    const beat = setInterval(() => {
      renewLease(db, id, owner, new Date(options.now().getTime() + leaseMs)).catch((error) =>
        logger.warn({ err: String(error), instanceId: id }, "could not renew lease"),
      );
    }, every);
    try {
      return await work();
    } finally {
      clearInterval(beat);
    }
  };

  /** Advances one claimed instance as far as it goes, then releases the lease (unless its last commit did). */
  const processOne = async (claimed: ClaimedInstance): Promise<void> => {
    const { id } = claimed.record;
    let released = false;
    try {
      // The heartbeat runs for the whole step, its commits and reads included, not only around the handler and
      // the pure steps: on a saturated machine a commit waiting for a pooled connection let the lease lapse
      // mid-step, and another process took the instance over and ran its side effect again (scale-out test).
      released = await hold(id, () => options.step(claimed, { owner }));
    } finally {
      if (!released) await releaseLease(db, id, owner);
    }
  };

  const processLogged = (claimed: ClaimedInstance): Promise<void> =>
    processOne(claimed).catch((error) =>
      logger.error({ err: String(error), instanceId: claimed.record.id }, "advancing an instance failed"),
    );

  const claim = (limit: number) => claimDue(db, owner, limit, leaseMs, options.now());

  /** Waits for pollMs, a wake-up, or (when some are in flight) the first of them to finish. */
  const idle = async (inFlight: ReadonlySet<Promise<void>>): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, pollMs);
        wakeUp = resolve;
      }),
      ...inFlight,
    ]);
    clearTimeout(timer);
    wakeUp = undefined;
  };

  const worker: Worker = {
    owner,
    async runOnce() {
      const claimed = await claim(batch);
      await Promise.all(claimed.map(processLogged));
      return claimed.length;
    },
    start() {
      if (running) return;
      running = true;
      const inFlight = new Set<Promise<void>>();
      loop = (async () => {
        while (running) {
          let claimed = 0;
          try {
            const instances = await claim(batch - inFlight.size);
            claimed = instances.length;
            for (const instance of instances) {
              const done: Promise<void> = processLogged(instance).finally(() => inFlight.delete(done));
              inFlight.add(done);
            }
          } catch (error) {
            logger.error({ err: String(error) }, "worker poll failed");
          }
          if (!running) break;
          if (inFlight.size >= batch) await Promise.race(inFlight);
          else if (claimed === 0) await idle(inFlight);
        }
        await Promise.all(inFlight);
      })();
    },
    wake() {
      wakeUp?.();
    },
    async stop() {
      running = false;
      worker.wake();
      await loop;
    },
  };
  return worker;
}
