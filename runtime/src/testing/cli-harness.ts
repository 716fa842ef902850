/**
 * Test support for the CLI and the API: run `mfo` in-process with its output captured, and a real runtime
 * (embedded PGlite in a given data dir) served over HTTP on 127.0.0.1, as `mfo serve` would serve it.
 */

import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { processIo } from "../cli/io.js";
import { main } from "../cli/main.js";
import type { RunIo } from "../cli/run-command.js";
import { DEFAULT_POOL_OPTIONS } from "../expression/expression-pool.js";
import { DEFAULT_DEFINITION_LIMITS } from "../registry/definition-limits.js";
import { DEFAULT_PACKS, DEFAULT_SERVER_LIMITS, type RuntimeConfig } from "../server/config.js";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { listen } from "../server/http-server.js";

/** Runs `mfo ARGS` in-process, capturing what it prints; `extra` sets e.g. the TTY flag or a Ctrl-C hook. */
export async function runCli(args: readonly string[], extra: Partial<RunIo> = {}) {
  let stdout = "";
  let stderr = "";
  const io: RunIo = {
    ...processIo,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    ...extra,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/**
 * A runtime configuration for tests: quiet, quick to poll, embedded unless a database URL is given, with the
 * packs the product ships (their templates are what many API tests run). With a
 * database URL and no encryption key, the key is derived from the URL: PostgreSQL needs one, and a runtime
 * restarted on the same test database must read what the previous one sealed.
 */
export function testConfig(dataDir: string, overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  const { databaseUrl } = overrides;
  const derivedKey = databaseUrl ? createHash("sha256").update(`mfo-test-key:${databaseUrl}`).digest() : undefined;
  return {
    port: 0,
    host: "127.0.0.1",
    databaseUrl: undefined,
    dataDir,
    adminKey: undefined,
    httpAllowHosts: [],
    flowsDir: undefined,
    packs: [...DEFAULT_PACKS],
    logLevel: "silent",
    leaseMs: 5_000,
    pollMs: 10,
    workerConcurrency: 8,
    dbPool: 10,
    groupCommit: true,
    encryptionKeyPrevious: undefined,
    metricsPublic: false,
    rateLimit: 0,
    corsOrigins: [],
    // Off like the write limit: tests send many bad keys from one in-process "address" on purpose.
    authFailureLimit: 0,
    server: { ...DEFAULT_SERVER_LIMITS },
    maxSubflowDepth: 10,
    quarantineAfter: 3,
    maxCreateWaitSeconds: 60,
    definitionLimits: { ...DEFAULT_DEFINITION_LIMITS },
    expressions: { ...DEFAULT_POOL_OPTIONS },
    ...overrides,
    encryptionKey: overrides.encryptionKey ?? derivedKey,
  };
}

export interface ServedRuntime {
  runtime: Runtime;
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/** Builds a runtime, serves it on a free loopback port and starts its worker and schedule ticker, as `mfo serve`. */
export async function serveTestRuntime(config: RuntimeConfig): Promise<ServedRuntime> {
  const runtime = await createRuntime(config);
  const server = await listen(runtime.app, { port: 0, host: "127.0.0.1", limits: config.server });
  runtime.engine.start();
  runtime.schedules.start();
  return {
    runtime,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      // Ends live event streams first: the server waits for open requests.
      await runtime.events.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
