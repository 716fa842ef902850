// Runtime processes for the benchmarks: `mfo serve` started as a real child process on an OS-picked loopback
// port (the way MFO is deployed and scaled out) with its API client (@mfo/client), the URL path of a route for the
// load generator, and one cleanup registry so whatever a run started is stopped however it ends.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFlowService } from "@mfo/client";

export const ADMIN_KEY = "mfo_bench_admin_key_0123456789";
export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");
export const repoRoot = new URL("../../..", import.meta.url).pathname;

/**
 * Node flags of every runtime process: those `npm start` uses, then BENCH_NODE_ARGS (e.g. "--cpu-prof
 * --cpu-prof-dir=/tmp/prof").
 */
const NODE_ARGS = ["--max-semi-space-size=8", ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)];
/** The `mfo` entry to run; BENCH_MFO_BIN points at another checkout's runtime/bin/mfo.js to compare builds. */
const MFO_BIN = process.env.BENCH_MFO_BIN ?? join(repoRoot, "runtime/bin/mfo.js");
const API_TIMEOUT_MS = 60_000;
/**
 * Settings every runtime process of the run gets on top of the bench's own: BENCH_RUNTIME_ENV, comma-separated
 * NAME=value pairs (e.g. "MFO_GROUP_COMMIT=off" to measure without group commit in the same build).
 */
const RUNTIME_ENV = Object.fromEntries(
  (process.env.BENCH_RUNTIME_ENV ?? "")
    .split(",")
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
);

/** Progress and headings go to stderr; the table goes to stdout. */
export const say = (text) => process.stderr.write(`${text}\n`);
/** Rewrites the current progress line in place. */
export const progressLine = (text) => process.stderr.write(`\r  ${text}   `);

const children = new Set();
const cleanups = [];

/** Registers something to undo when the run ends (last registered, first undone). */
export function onCleanup(undo) {
  cleanups.push(undo);
}

/** Stops every child and undoes every registration; safe to call more than once. */
export async function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const undo of cleanups.splice(0).reverse()) await undo().catch(() => {});
}
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => cleanup().finally(() => process.exit(130)));

/** A fresh data directory, removed when the run ends. */
export async function scratchDataDir() {
  const dataDir = await mkdtemp(join(tmpdir(), "mfo-bench-"));
  onCleanup(() => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

/**
 * Starts `mfo serve`: on PostgreSQL at `databaseUrl`, or on its embedded PGlite in `dataDir` (default: a fresh
 * one) when `databaseUrl` is undefined. `bin` is the `mfo` entry (default: BENCH_MFO_BIN or this checkout's),
 * `nodeArgs` go to node (e.g. --cpu-prof), `env` overrides the defaults.
 * Resolves once it prints its ready URL: { base, client, pid, dataDir, spawnedAt, stop(), kill(), output(),
 * rssBytes() }, where `client` is the API client with the admin key, without retries (a retried request would
 * hide a failure and skew timings), and `spawnedAt` the performance.now() of the spawn.
 */
export async function startRuntime({
  databaseUrl,
  dataDir: reused,
  bin = MFO_BIN,
  nodeArgs = NODE_ARGS,
  env: extra = {},
} = {}) {
  const dataDir = reused ?? (await scratchDataDir());
  const spawnedAt = performance.now();
  const configures = /^(MFO_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$)/;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !configures.test(key)));
  const child = spawn(process.execPath, [...nodeArgs, bin, "serve"], {
    env: {
      ...inherited,
      HOST: "127.0.0.1",
      PORT: "0",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      MFO_DATA_DIR: dataDir,
      MFO_ADMIN_KEY: ADMIN_KEY,
      MFO_ENCRYPTION_KEY: ENCRYPTION_KEY,
      MFO_RATE_LIMIT: "0",
      MFO_POLL_MS: "10",
      LOG_LEVEL: "warn",
      ...RUNTIME_ENV,
      ...extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  exited.then(() => children.delete(child));
  let output = "";
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime not ready within 60 s:\n${output}`)), 60_000);
    child.stdout.on("data", (chunk) => {
      output = (output + chunk).slice(-16_384);
      const match = /MFO is ready\.\s+Open:\s+(http:\/\/[^/\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on("data", (chunk) => {
      output = (output + chunk).slice(-16_384);
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited ${code} before it was ready:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };
  /** SIGKILL: the process finishes nothing; resolves once it is gone. */
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGKILL");
    await exited;
  };
  const client = createFlowService({
    baseUrl: base,
    apiKey: ADMIN_KEY,
    retry: { attempts: 1 },
    timeoutMs: API_TIMEOUT_MS,
  });
  return {
    base,
    client,
    pid: child.pid,
    dataDir,
    spawnedAt,
    stop,
    kill,
    output: () => output,
    rssBytes: () => rssOf(child.pid),
  };
}

/** Resident set size of a process, in bytes, from /proc (current and peak). */
export async function rssOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: kib("VmRSS") * 1024, peak: kib("VmHWM") * 1024 };
}

/** The q-quantile (0..1) of an ascending array, nearest rank. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
