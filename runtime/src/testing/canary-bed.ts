/**
 * The bed of the canary tests (crypto/canary.test.ts, crypto/secrets-store-canary.test.ts): a runtime on a real
 * PostgreSQL database of its own, logging at trace level into `logs`, with the http handler allowed to reach a
 * loopback service the test starts; and what the database holds, as the tests search it for a canary: the events
 * table and a pg_dump of everything. Registers vitest hooks: call it inside a describe. Not part of the package's
 * testing exports (it imports vitest).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { testConfig } from "./cli-harness.js";
import { createTestDatabase } from "./postgres-server.js";

const PG_DUMP = "/usr/lib/postgresql/15/bin/pg_dump";

export interface CanaryBed<S> {
  readonly runtime: Runtime;
  readonly service: S;
  /** Every log line the runtime wrote, at trace level. */
  readonly logs: string[];
  /** The events table as JSON text, and the rows. */
  events(): Promise<{ rows: Array<{ type: string; data: string | null }>; text: string }>;
  /** pg_dump of the whole database. */
  dump(): Promise<string>;
}

export function canaryBed<S extends { server: Server }>(name: string, start: () => S): CanaryBed<S> {
  let runtime: Runtime | undefined;
  let service: S | undefined;
  let dataDir = "";
  let databaseUrl = "";
  const logs: string[] = [];
  beforeAll(async () => {
    service = start();
    const listening = service.server;
    await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
    dataDir = await mkdtemp(join(tmpdir(), `mfo-${name}-`));
    databaseUrl = await createTestDatabase(inject("postgresUrl"));
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const config = testConfig(dataDir, { databaseUrl, logLevel: "trace", httpAllowHosts: ["127.0.0.1"], pollMs: 5 });
    runtime = await createRuntime(config, { logStream });
    runtime.engine.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await new Promise((resolve) => service?.server.close(resolve));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the canary bed is not started yet (use it inside a test)");
    return value;
  };
  return {
    get runtime() {
      return started(runtime);
    },
    get service() {
      return started(service);
    },
    logs,
    async events() {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const { rows } = await client.query("select type, data::text as data from events").finally(() => client.end());
      return { rows, text: JSON.stringify(rows) };
    },
    async dump() {
      return (await promisify(execFile)(PG_DUMP, [databaseUrl], { maxBuffer: 256 * 1024 * 1024 })).stdout;
    },
  };
}
