/**
 * Watching a runtime process while a hostile case runs (issue 15): a probe calls GET /healthz every 100 ms and
 * keeps the slowest answer, and a sampler reads the resident memory (VmRSS in /proc/<pid>/status) of the server
 * and of the processes under it and keeps the peaks. `withWatch` wraps a case in both; `expectWatched` asserts the bounds; `recordRow` and
 * `printRows` print one table row per case (case, slowest /healthz, peak RSS, outcome) for before/after notes.
 */
import { readdir, readFile } from "node:fs/promises";
import { request } from "node:http";
import { expect } from "vitest";
import type { RuntimeProcess } from "../support/runtime-process.js";

/** The requirement: the server answers /healthz within a second all through a case. */
export const HEALTHZ_BOUND_MS = 1_000;
/**
 * Resident memory a case may take. Measured on PostgreSQL here: `mfo serve` starts at about 130 MB, the cases
 * that keep it serving peak at 130-300 MB (300: an expression the JSONata guardrail stopped after it built a
 * million objects), and the stalls of issue 15 reached 0.7-5.9 GB (a 10^7 range sorted, zipped, stringified).
 * 600 MB is twice the highest healthy peak (room for a busier machine, a collection that comes late, a pool of
 * evaluation workers) and still catches an expression that materialises 10^7 items or a 100 MB string.
 */
export const RSS_BOUND_MB = 600;
/**
 * Resident memory of the server with the processes under it (the expression pool: by default 2 processes with
 * a 128 MB heap each). Measured with the pool: up to 550 MB while an expression filled a process's heap; the
 * server's bound plus 400 MB (two full pool processes, about 200 MB resident apiece).
 */
export const TREE_RSS_BOUND_MB = 1_000;
/** How often the probe asks /healthz and the sampler reads VmRSS. */
const INTERVAL_MS = 100;

/** What a watch saw. */
export interface Watched {
  /** Slowest /healthz answer; a probe still unanswered when the case ended counts for as long as it waited. */
  maxHealthzMs: number;
  /** Probes that got no 200 (refused, reset, another status): the server died or answered wrongly. */
  failedProbes: number;
  /** Highest VmRSS of the server process seen, in MB (0 when the process was already gone). */
  peakRssMb: number;
  /** Highest VmRSS of the server and every process under it together (expression processes), in MB. */
  peakTreeRssMb: number;
}

interface Stopper<T> {
  stop(): Promise<T>;
}

/** One GET /healthz on a fresh connection (not the pool the case's own requests queue in); resolves the status. */
function healthz(baseUrl: string, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/healthz`, { agent: false, signal }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * Probes /healthz one request at a time, every INTERVAL_MS after the previous answer, until stopped. A stalled
 * server holds the probe in flight: at stop it is aborted and counts for the time it had waited, so a stall is
 * measured however long it was, and stopping never waits for the server.
 */
export function startProbe(baseUrl: string): Stopper<Pick<Watched, "maxHealthzMs" | "failedProbes">> {
  let running = true;
  let maxHealthzMs = 0;
  let failedProbes = 0;
  let inFlightSince: number | undefined;
  const abort = new AbortController();
  const loop = (async () => {
    while (running) {
      inFlightSince = performance.now();
      try {
        const status = await healthz(baseUrl, abort.signal);
        if (status !== 200) failedProbes++;
      } catch {
        if (running) failedProbes++;
      }
      if (running) maxHealthzMs = Math.max(maxHealthzMs, performance.now() - inFlightSince);
      inFlightSince = undefined;
      if (running) await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      if (inFlightSince !== undefined) maxHealthzMs = Math.max(maxHealthzMs, performance.now() - inFlightSince);
      abort.abort();
      await loop;
      return { maxHealthzMs: Math.round(maxHealthzMs), failedProbes };
    },
  };
}

/** The resident set size of process `pid` in MB, or undefined once it is gone. */
async function rssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** The processes `pid` started (children of each of its threads), and theirs, depth first. */
async function descendants(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const children = await Promise.all(
    tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, "utf8").catch(() => "")),
  );
  const direct = children.flatMap((text) =>
    text
      .split(" ")
      .filter((word) => word !== "")
      .map(Number),
  );
  return [...direct, ...(await Promise.all(direct.map(descendants))).flat()];
}

/**
 * Samples VmRSS of `pid` alone and of `pid` with every process under it (e.g. the processes that evaluate
 * expressions) every INTERVAL_MS until stopped; resolves both peaks in MB.
 */
export function startRssSampler(pid: number): Stopper<Pick<Watched, "peakRssMb" | "peakTreeRssMb">> {
  let peak = 0;
  let peakTree = 0;
  const sample = async () => {
    const own = (await rssMb(pid)) ?? 0;
    const others = await Promise.all((await descendants(pid)).map(async (child) => (await rssMb(child)) ?? 0));
    peak = Math.max(peak, own);
    peakTree = Math.max(
      peakTree,
      others.reduce((sum, mb) => sum + mb, own),
    );
  };
  void sample();
  const timer = setInterval(() => void sample(), INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      return { peakRssMb: Math.round(peak), peakTreeRssMb: Math.round(peakTree) };
    },
  };
}

/**
 * Runs `run` while probing `server`'s /healthz and sampling its RSS; resolves what the watch saw and what `run`
 * returned. The watch stops even when `run` throws (the error is rethrown then), so no probe outlives its case.
 */
export async function withWatch<T>(server: RuntimeProcess, run: () => Promise<T>): Promise<Watched & { value: T }> {
  const probe = startProbe(server.baseUrl);
  const rss = startRssSampler(server.pid);
  let settled: { value: T } | { error: unknown };
  try {
    settled = { value: await run() };
  } catch (error) {
    settled = { error };
  }
  const watched: Watched = { ...(await probe.stop()), ...(await rss.stop()) };
  if ("error" in settled) throw settled.error;
  return { ...watched, value: settled.value };
}

/** Whether what a watch saw is within the bounds (the test of `expectWatched`). */
export function withinBounds(watched: Watched): boolean {
  return (
    watched.failedProbes === 0 &&
    watched.maxHealthzMs < HEALTHZ_BOUND_MS &&
    watched.peakRssMb < RSS_BOUND_MB &&
    watched.peakTreeRssMb < TREE_RSS_BOUND_MB
  );
}

/**
 * Asserts the bounds: /healthz always answered, within HEALTHZ_BOUND_MS; the server's RSS under
 * RSS_BOUND_MB and with the processes under it under TREE_RSS_BOUND_MB.
 */
export function expectWatched(watched: Watched): void {
  expect(watched.failedProbes, "every /healthz probe is answered 200").toBe(0);
  expect(watched.maxHealthzMs, "slowest /healthz answer (ms)").toBeLessThan(HEALTHZ_BOUND_MS);
  expect(watched.peakRssMb, "peak RSS of the server (MB)").toBeLessThan(RSS_BOUND_MB);
  expect(watched.peakTreeRssMb, "peak RSS of the server and its child processes (MB)").toBeLessThan(TREE_RSS_BOUND_MB);
}

/** One row of the printed table. */
export interface CaseRow {
  name: string;
  maxHealthzMs: number;
  peakRssMb: number;
  peakTreeRssMb: number;
  outcome: string;
}

const rows: CaseRow[] = [];

/** Keeps a row for `printRows`; call it before the case's assertions, so a failing case is printed too. */
export function recordRow(name: string, watched: Watched, outcome: string): void {
  const failed = watched.failedProbes > 0 ? ` (${watched.failedProbes} /healthz probes failed)` : "";
  const { maxHealthzMs, peakRssMb, peakTreeRssMb } = watched;
  rows.push({ name, maxHealthzMs, peakRssMb, peakTreeRssMb, outcome: outcome + failed });
}

/** Prints the rows kept so far as a Markdown table under `title` (for afterAll), and forgets them. */
export function printRows(title: string): void {
  const lines = [
    `\n${title}`,
    "| case | max /healthz ms | peak RSS MB | with children MB | outcome |",
    "| --- | ---: | ---: | ---: | --- |",
    ...rows.map((r) => `| ${r.name} | ${r.maxHealthzMs} | ${r.peakRssMb} | ${r.peakTreeRssMb} | ${r.outcome} |`),
  ];
  rows.length = 0;
  console.log(lines.join("\n"));
}
