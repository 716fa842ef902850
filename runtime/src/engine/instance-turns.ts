/**
 * Operator actions on one instance take turns inside this process: one reads and commits while the others wait,
 * in arrival order, for at most a given time, holding no database connection. Without turns, 50 clients racing
 * on one instance whose row another writer holds (a commit stuck in a slow WAL flush, another process's long
 * transaction) each wait on the row lock with a pooled connection, the pool runs dry, and every request of the
 * process queues behind them (issue 15). Other processes still race through the revision check and the row lock
 * (commitInstance's lockTimeoutMs).
 */

/** Gives the turn back; calling it again does nothing. */
export type ReleaseTurn = () => void;

export interface InstanceTurns {
  /**
   * Waits for `key`'s turn for at most `waitMs`: resolves to the function that ends the turn, or to undefined
   * when the wait ran out (the caller then answers "busy" and must not act).
   */
  take(key: string, waitMs: number): Promise<ReleaseTurn | undefined>;
  /** Whether someone holds `key`'s turn now (so `take` would wait). */
  held(key: string): boolean;
  /** How many keys have a turn taken now (a key is dropped when its last waiter is done). */
  size(): number;
}

/** Creates an empty set of per-key turn queues. */
export function createInstanceTurns(): InstanceTurns {
  // A key is present while someone holds its turn; its array holds the waiters, first come first served.
  const queues = new Map<string, Array<(release: ReleaseTurn) => void>>();

  const releaserOf = (key: string): ReleaseTurn => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queues.get(key)?.shift();
      if (next) next(releaserOf(key));
      else queues.delete(key);
    };
  };

  return {
    take(key, waitMs) {
      const waiting = queues.get(key);
      if (!waiting) {
        queues.set(key, []);
        return Promise.resolve(releaserOf(key));
      }
      if (waitMs <= 0) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const grant = (release: ReleaseTurn) => {
          clearTimeout(timer);
          resolve(release);
        };
        const timer = setTimeout(() => {
          const at = waiting.indexOf(grant);
          if (at >= 0) waiting.splice(at, 1);
          resolve(undefined);
        }, waitMs);
        waiting.push(grant);
      });
    },
    held: (key) => queues.has(key),
    size: () => queues.size,
  };
}
