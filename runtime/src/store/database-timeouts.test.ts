/** The time limits of the PostgreSQL pool: a runaway statement or a forgotten open transaction is ended by the server. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "../testing/postgres-server.js";
import { type Database, openDatabase } from "./database.js";

const opened: Database[] = [];
const dirs: string[] = [];

async function open(statementTimeoutMs?: number): Promise<Database & { driver: "postgres" }> {
  const dataDir = await mkdtemp(join(tmpdir(), "mfo-timeouts-"));
  dirs.push(dataDir);
  const databaseUrl = await createTestDatabase(inject("postgresUrl"));
  const database = await openDatabase({
    dataDir,
    databaseUrl,
    ...(statementTimeoutMs === undefined ? {} : { statementTimeoutMs }),
  });
  opened.push(database);
  return database as Database & { driver: "postgres" };
}

afterAll(async () => {
  await Promise.all(opened.map((database) => database.close()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("PostgreSQL time limits", () => {
  it("gives every connection a one-minute statement and idle-transaction limit by default", async () => {
    const { client } = await open();
    const { rows } = await client.query(
      "select current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle",
    );
    expect(rows[0]).toEqual({ statement: "1min", idle: "1min" });
  });

  it("cancels a statement that runs past the limit, and the pool goes on working", async () => {
    const { client } = await open(200);
    await expect(client.query("select pg_sleep(5)")).rejects.toMatchObject({ code: "57014" });
    expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
  });

  it("ends a transaction left open past the limit", async () => {
    const { client } = await open(200);
    const connection = await client.connect();
    connection.on("error", () => {}); // the server closes this session; the pool is told, not the test
    try {
      await connection.query("begin");
      await connection.query("select 1");
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await expect(connection.query("select 1")).rejects.toThrow();
    } finally {
      connection.release(true);
    }
  });

  it("leaves the limit off when asked to (0)", async () => {
    const { client } = await open(0);
    const { rows } = await client.query("select current_setting('statement_timeout') as statement");
    expect(rows[0]).toEqual({ statement: "0" });
  });
});
