/**
 * The event bus: in-process wake-ups on the embedded database, and across processes on PostgreSQL (two database
 * handles, as two runtime processes have), including after its LISTEN connection is cut.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Database, openDatabase } from "../store/database.js";
import { createTestDatabase } from "../testing/postgres-server.js";
import { createEventBus, type EventBus } from "./event-bus.js";

const quiet = { warn() {} };
const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
/** Resolves the next time `bus` wakes the subscribers of `instanceId`. */
const nextWake = (bus: EventBus, instanceId: string) =>
  new Promise<void>((resolve) => {
    const stop = bus.subscribe(instanceId, () => {
      stop();
      resolve();
    });
  });

describe("event bus in one process (embedded database)", () => {
  let dataDir: string;
  let database: Database;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-bus-"));
    database = await openDatabase({ dataDir });
  });
  afterAll(async () => {
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("wakes the subscribers of the published instance only, until they unsubscribe or the bus closes", async () => {
    const bus = await createEventBus(database, { log: quiet });
    const woken: string[] = [];
    const stopA = bus.subscribe(A, () => woken.push("a1"));
    bus.subscribe(A, () => woken.push("a2"));
    bus.subscribe(B, () => woken.push("b"));
    bus.publish([A]);
    expect(woken).toEqual(["a1", "a2"]);
    stopA();
    bus.publish([A, B]);
    expect(woken).toEqual(["a1", "a2", "a2", "b"]);
    await bus.close();
    expect(bus.signal.aborted).toBe(true);
    bus.publish([A, B]);
    expect(woken).toHaveLength(4);
  });
});

describe("event bus across processes (PostgreSQL)", () => {
  const databases: Database[] = [];
  const buses: EventBus[] = [];
  const warnings: string[] = [];
  const log = { warn: (_fields: object, message: string) => warnings.push(message) };

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase(inject("postgresUrl"));
    for (let i = 0; i < 2; i++) {
      const database = await openDatabase({ dataDir: tmpdir(), databaseUrl });
      databases.push(database);
      buses.push(await createEventBus(database, { log, retryMs: 20 }));
    }
  });
  afterAll(async () => {
    for (const bus of buses) await bus.close();
    for (const database of databases) await database.close();
  });

  it("wakes another process's subscribers of the instance", async () => {
    const [here, there] = buses as [EventBus, EventBus];
    const woken = nextWake(there, A);
    here.publish([A]);
    await woken;
  });

  it("reconnects when its LISTEN connection is cut, wakes every subscriber then, and delivers again", async () => {
    const [here, there] = buses as [EventBus, EventBus];
    const reconnected = nextWake(there, B);
    const pool = (databases[0] as Database & { driver: "postgres" }).client;
    const cut = await pool.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'mfo events' and datname = current_database()",
    );
    expect(cut.rowCount).toBe(2);
    // Notices sent while it was away are lost to it, so the bus wakes everyone to re-read the table.
    await reconnected;
    expect(warnings).toContain("event notification connection lost");
    const woken = nextWake(there, A);
    here.publish([A]);
    await woken;
  });
});
