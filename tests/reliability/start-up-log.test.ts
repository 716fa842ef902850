/**
 * `mfo serve` says where its start went: one "ready" log line with each start phase's milliseconds and the total
 * since the process started, which operators read when a start is slow and the restart benchmark
 * (tests/bench/scenarios/restart.mjs) parses. Its shape only: timings belong to the benchmark.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startRuntime, stopAll } from "../support/runtime-process.js";

const PHASES = [
  "modules",
  "packs",
  "database",
  "migrations",
  "tenant",
  "catalogue",
  "publish",
  "events",
  "app",
  "listen",
];

const dirs: string[] = [];
afterAll(async () => {
  await stopAll();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The parsed "ready" line of a process's output. */
function readyLine(output: string): { startUp: Record<string, number>; totalMs: number } {
  const line = output.split("\n").find((l) => l.includes('"msg":"ready"'));
  expect(line, output).toBeDefined();
  return JSON.parse(line as string);
}

describe("mfo serve's ready line", () => {
  it("gives each start phase's milliseconds, on a fresh store and on a restart after kill -9", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mfo-start-up-"));
    dirs.push(dir);
    const env = { MFO_DATA_DIR: dir, LOG_LEVEL: "info" };
    for (const run of ["first", "after kill -9"]) {
      const runtime = await startRuntime(`start-up ${run}`, env);
      const { startUp, totalMs } = readyLine(runtime.output());
      expect(Object.keys(startUp)).toEqual(PHASES);
      for (const ms of Object.values(startUp)) expect(Number.isInteger(ms) && ms >= 0).toBe(true);
      const sum = Object.values(startUp).reduce((a, b) => a + b, 0);
      // The phases cover the start up to listening; the total also counts the little between them.
      expect(totalMs).toBeGreaterThanOrEqual(sum - PHASES.length);
      await runtime.kill();
    }
  });
});
