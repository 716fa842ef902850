/** The throwaway PostgreSQL the tests run against: its settings, its stop(), and per-test databases. */
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { createTestDatabase, startPostgres } from "./postgres-server.js";

async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe("startPostgres", () => {
  it("serves on 127.0.0.1 with durability off, and stop() shuts it down", async () => {
    const server = await startPostgres();
    try {
      expect(new URL(server.url).hostname).toBe("127.0.0.1");
      expect(await query(server.url, "show fsync")).toEqual([{ fsync: "off" }]);
    } finally {
      await server.stop();
    }
    await expect(query(server.url, "select 1")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await expect(server.stop()).resolves.toBeUndefined();
  });
});

describe("createTestDatabase", () => {
  it("gives each caller its own empty database", async () => {
    const serverUrl = inject("postgresUrl");
    const first = await createTestDatabase(serverUrl);
    const second = await createTestDatabase(serverUrl);
    expect(first).not.toBe(second);
    await query(first, "create table only_in_first (id int)");
    expect(await query(second, "select to_regclass('only_in_first') as t")).toEqual([{ t: null }]);
  });
});
