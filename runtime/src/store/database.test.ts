/** openDatabase and the migrations, run the same way on the embedded PGlite and on a real PostgreSQL. */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../assets/runtime-assets.js";
import { createTestDatabase, freePort } from "../testing/postgres-server.js";
import { type Database, type OpenDatabaseOptions, openDatabase } from "./database.js";
import { migrationState, runMigrations } from "./migrate.js";
import { readPgliteTemplate } from "./pglite-template.js";
import { tenants } from "./schema.js";
import { rowsOf } from "./statements.js";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mfo-store-"));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const targets: { driver: Database["driver"]; options: () => Promise<OpenDatabaseOptions> }[] = [
  { driver: "pglite", options: async () => ({ dataDir: await tempDir() }) },
  {
    driver: "postgres",
    options: async () => ({ dataDir: await tempDir(), databaseUrl: await createTestDatabase(inject("postgresUrl")) }),
  },
];

const journalLength = async () =>
  (JSON.parse(await readFile(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] })
    .entries.length;

describe.each(targets)("store on $driver", ({ driver, options }) => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase(await options());
  });
  afterAll(async () => {
    await database?.close();
  });

  it("opens with the expected driver", () => {
    expect(database.driver).toBe(driver);
  });

  it("reports a never-migrated database as 0 applied, all pending; migrates once; a second run applies 0", async () => {
    const shipped = await journalLength();
    expect(shipped).toBeGreaterThan(0);
    expect(await migrationState(database)).toEqual({ applied: 0, pending: shipped });
    expect(await runMigrations(database)).toEqual({ applied: shipped });
    expect(await migrationState(database)).toEqual({ applied: shipped, pending: 0 });
    expect(await runMigrations(database)).toEqual({ applied: 0 });
    expect(await migrationState(database)).toEqual({ applied: shipped, pending: 0 });
  });

  it("round-trips a tenant row", async () => {
    await database.db.insert(tenants).values({ id: `t-${driver}`, name: "Round trip" });
    const rows = await database.db
      .select()
      .from(tenants)
      .where(eq(tenants.id, `t-${driver}`));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: `t-${driver}`, name: "Round trip" });
    expect(rows[0]?.createdAt).toBeInstanceOf(Date);
  });

  it("leaves no row behind when a transaction throws", async () => {
    const attempt = database.db.transaction(async (tx) => {
      await tx.insert(tenants).values({ id: "rolled-back", name: "Never" });
      throw new Error("handler failed");
    });
    await expect(attempt).rejects.toThrow("handler failed");
    expect(await database.db.select().from(tenants).where(eq(tenants.id, "rolled-back"))).toEqual([]);
  });

  it("claims rows with select ... for update skip locked", async () => {
    const ids = ["lock-a", "lock-b"];
    await database.db.insert(tenants).values(ids.map((id) => ({ id, name: id })));
    const claim = (db: Database["db"]) =>
      db.select().from(tenants).where(inArray(tenants.id, ids)).orderBy(tenants.id).limit(1).for("update", {
        skipLocked: true,
      });
    const claimed = await database.db.transaction(async (tx) => claim(tx));
    expect(claimed.map((row) => row.id)).toEqual(["lock-a"]);
  });

  // PGlite is one connection in one process: there is no second connection to skip a lock for.
  if (driver === "postgres") {
    it("skips a row that another connection's open transaction has locked", async () => {
      const ids = ["skip-a", "skip-b"];
      await database.db.insert(tenants).values(ids.map((id) => ({ id, name: id })));
      const claimFirst = (db: Database["db"]) =>
        db.select().from(tenants).where(inArray(tenants.id, ids)).orderBy(tenants.id).limit(1).for("update", {
          skipLocked: true,
        });
      // Transaction A holds skip-a while transaction B (another pooled connection) claims.
      const seenByB = await database.db.transaction(async (a) => {
        expect((await claimFirst(a)).map((row) => row.id)).toEqual(["skip-a"]);
        return database.db.transaction(async (b) => claimFirst(b));
      });
      expect(seenByB.map((row) => row.id)).toEqual(["skip-b"]);
      // Once A has committed, skip-a is free again.
      const afterA = await database.db.transaction(async (c) => claimFirst(c));
      expect(afterA.map((row) => row.id)).toEqual(["skip-a"]);
    });

    it("applies the migrations once when two processes migrate a fresh database at the same time", async () => {
      const url = await createTestDatabase(inject("postgresUrl"));
      const [one, two] = await Promise.all(
        [1, 2].map(async () => openDatabase({ dataDir: await tempDir(), databaseUrl: url })),
      );
      if (!one || !two) throw new Error("not opened");
      try {
        const results = await Promise.all([runMigrations(one), runMigrations(two)]);
        expect(results.map((r) => r.applied).sort()).toEqual([0, await journalLength()]);
      } finally {
        await Promise.all([one.close(), two.close()]);
      }
    });

    it("names its connections mfo (application_name)", async () => {
      const result = await database.db.execute(sql`select current_setting('application_name') as name`);
      expect((result as unknown as { rows: { name: string }[] }).rows[0]?.name).toBe("mfo");
    });
  }

  it("can be closed twice", async () => {
    const second = await openDatabase(await options());
    await second.close();
    await expect(second.close()).resolves.toBeUndefined();
  });
});

describe("openDatabase", () => {
  it("keeps the embedded database in DATA_DIR/pglite across reopening", async () => {
    const dataDir = await tempDir();
    const first = await openDatabase({ dataDir });
    expect(first.location).toBe(`embedded PGlite at ${join(dataDir, "pglite")}`);
    await runMigrations(first);
    await first.db.insert(tenants).values({ id: "kept", name: "Kept" });
    await first.close();
    const again = await openDatabase({ dataDir });
    try {
      expect(await migrationState(again)).toMatchObject({ pending: 0 });
      expect(await again.db.select({ id: tenants.id }).from(tenants)).toEqual([{ id: "kept" }]);
    } finally {
      await again.close();
    }
  });

  it("starts a new embedded database from the build's template: the database initdb makes", async () => {
    expect(await readPgliteTemplate(), "npm run build writes the template").toBeDefined();
    const catalogue = "select datname, pg_encoding_to_char(encoding) as encoding, datcollate from pg_database";
    const fromTemplate = await openDatabase({ dataDir: await tempDir() });
    const fromInitdb = await PGlite.create("memory://");
    try {
      const ofTemplate = rowsOf(await fromTemplate.db.execute(sql.raw(`${catalogue} order by datname`)));
      expect(ofTemplate).toEqual((await fromInitdb.query(`${catalogue} order by datname`)).rows);
      await runMigrations(fromTemplate);
      expect(await migrationState(fromTemplate)).toMatchObject({ pending: 0 });
    } finally {
      await fromTemplate.close();
      await fromInitdb.close();
    }
  });

  it("unpacks a new embedded database again over what a start stopped while unpacking left behind", async () => {
    const dataDir = await tempDir();
    // A start killed halfway: the staging folder holds part of the files, the store's folder is still empty.
    await mkdir(join(dataDir, "pglite.unpacking", "base"), { recursive: true });
    await writeFile(join(dataDir, "pglite.unpacking", "PG_VERSION"), "half");
    await mkdir(join(dataDir, "pglite"));
    const database = await openDatabase({ dataDir });
    try {
      await runMigrations(database);
      expect(await migrationState(database)).toMatchObject({ pending: 0 });
      expect(existsSync(join(dataDir, "pglite.unpacking"))).toBe(false);
    } finally {
      await database.close();
    }
  });

  it("runs the embedded database with a 16 MB buffer pool, not initdb's 128 MB that stayed resident", async () => {
    const database = await openDatabase({ dataDir: await tempDir() });
    try {
      expect(rowsOf(await database.db.execute(sql.raw("show shared_buffers")))).toEqual([{ shared_buffers: "16MB" }]);
    } finally {
      await database.close();
    }
  });

  it("says in one line, without the password, that nothing listens on a closed port", async () => {
    const port = await freePort();
    const open = openDatabase({
      dataDir: await tempDir(),
      databaseUrl: `postgres://mfo:hunter2@127.0.0.1:${port}/mfo`,
    });
    const error: Error = await open.then(
      () => new Error("opened"),
      (e: Error) => e,
    );
    expect(error.message).toBe(`cannot connect to PostgreSQL at 127.0.0.1:${port}: connection refused`);
  });

  it("refuses a URL that is not postgres:// without echoing it", async () => {
    const open = openDatabase({ dataDir: await tempDir(), databaseUrl: "mysql://root:hunter2@db/mfo" });
    await expect(open).rejects.toThrow("DATABASE_URL must start with postgres:// or postgresql://, not mysql://");
    await expect(open).rejects.not.toThrow("hunter2");
  });

  it("names the database in its location but not the password", async () => {
    const url = new URL(await createTestDatabase(inject("postgresUrl")));
    url.password = "unused-by-trust-auth";
    const database = await openDatabase({ dataDir: await tempDir(), databaseUrl: url.toString() });
    try {
      expect(database.location).toBe(`PostgreSQL at 127.0.0.1:${url.port}${url.pathname}`);
    } finally {
      await database.close();
    }
  });
});
