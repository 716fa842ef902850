// CPU time of the processes a scenario runs, from /proc: the PostgreSQL backends serving this bench's databases,
// the runtime processes it started, and the bench itself. On 2 shared cores, wall-clock figures move with
// whatever else runs; CPU time per step says what a step costs the database and the runtime.
import { readdir, readFile } from "node:fs/promises";

const TICKS_PER_SECOND = 100;

/** One process's kind and CPU ticks (user + system), or undefined when it is not one of ours or is gone. */
async function read(pid, databasePrefix) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (Number(pid) === process.pid) return { kind: "bench", ticks };
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).replaceAll("\0", " ");
    // A backend shows its database in its title: "postgres: postgres mfo_test_<bench pid>_... 127.0.0.1(...)".
    if (comm === "postgres" && cmdline.includes(databasePrefix)) return { kind: "postgres", ticks };
    if (Number(fields[1]) === process.pid && cmdline.includes("mfo.js")) return { kind: "runtime", ticks };
  } catch {
    // The process ended between listing and reading.
  }
  return undefined;
}

/**
 * Starts sampling every `everyMs`; `stop()` returns CPU seconds by kind since the start. A process that ends
 * between two samples loses at most its last interval (backends live as long as their pool's connections).
 */
export function trackCpu({ everyMs = 200 } = {}) {
  const databasePrefix = `mfo_test_${process.pid}_`;
  const first = new Map();
  const last = new Map();
  // Processes running at the start count from their ticks then; those that start later, from zero.
  const sample = async (initial) => {
    const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
    for (const pid of pids) {
      const seen = await read(pid, databasePrefix);
      if (!seen) continue;
      if (!first.has(pid)) first.set(pid, initial ? seen.ticks : 0);
      last.set(pid, seen);
    }
  };
  let running = sample(true);
  const timer = setInterval(() => {
    running = running.then(() => sample(false));
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await sample(false);
      const seconds = { postgres: 0, runtime: 0, bench: 0 };
      for (const [pid, { kind, ticks }] of last) seconds[kind] += (ticks - (first.get(pid) ?? 0)) / TICKS_PER_SECOND;
      return seconds;
    },
  };
}
