/**
 * Times a start phase by phase (database open, migrations, publish, ...), so that `mfo serve` logs where a slow
 * start spent its time in one "ready" line and the restart benchmark can read the same figures from it.
 */

/** Milliseconds per start phase, in the order they ran. */
export type StartUpPhases = Record<string, number>;

export interface StartUpTimer {
  /** Runs `work` as the phase `name`; its milliseconds are added to that phase's figure. */
  phase<T>(name: string, work: () => T | Promise<T>): Promise<T>;
  /** Records `ms` as the phase `name` (one measured elsewhere, e.g. loading the modules before the timer). */
  record(name: string, ms: number): void;
  /** The figures so far (a copy). */
  phases(): StartUpPhases;
}

/** A timer with no phases yet; `clock` is injectable for tests (default: performance.now). */
export function createStartUpTimer(clock: () => number = () => performance.now()): StartUpTimer {
  const figures: StartUpPhases = {};
  const record = (name: string, ms: number) => {
    figures[name] = (figures[name] ?? 0) + ms;
  };
  return {
    async phase(name, work) {
      const started = clock();
      try {
        return await work();
      } finally {
        record(name, clock() - started);
      }
    },
    record,
    phases: () => Object.fromEntries(Object.entries(figures).map(([name, ms]) => [name, Math.round(ms)])),
  };
}
