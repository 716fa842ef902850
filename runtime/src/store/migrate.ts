/**
 * Applies the drizzle-kit SQL migrations the runtime package ships (runtime/migrations, located by
 * assets/runtime-assets.ts), on PGlite or PostgreSQL, and tells readiness how far a database is (journal vs
 * drizzle's `drizzle.__drizzle_migrations` table). On PostgreSQL the migrations run under an
 * advisory lock, so several runtime processes starting at once apply them exactly once.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { MIGRATIONS_FOLDER } from "../assets/runtime-assets.js";
import type { Database, Db } from "./database.js";
import * as schema from "./schema.js";
import { rowsOf } from "./statements.js";

/** drizzle's defaults, spelled out because migrationState reads the same table. */
const MIGRATIONS_SCHEMA = "drizzle";
const MIGRATIONS_TABLE = "__drizzle_migrations";

/** Any fixed number: processes that migrate the same PostgreSQL database take turns on it. */
const MIGRATION_LOCK_KEY = 7_240_531_905;

interface JournalEntry {
  tag: string;
  when: number;
}

let journal: Promise<JournalEntry[]> | undefined;

/** The migrations this build ships, oldest first (read once per process). */
function readJournal(): Promise<JournalEntry[]> {
  journal ??= (async () => {
    const path = `${MIGRATIONS_FOLDER}/meta/_journal.json`;
    if (!existsSync(path)) throw new Error(`no migrations found: ${path} is missing`);
    const parsed = JSON.parse(await readFile(path, "utf8")) as { entries?: JournalEntry[] };
    return parsed.entries ?? [];
  })();
  journal.catch(() => {
    journal = undefined;
  });
  return journal;
}

/** The rows drizzle's migrator has recorded: how many, and the newest migration's journal time. */
async function readRecorded(db: Db): Promise<{ count: number; last: number | undefined }> {
  const table = `${MIGRATIONS_SCHEMA}.${MIGRATIONS_TABLE}`;
  const exists = await db.execute(sql`select to_regclass(${table}) is not null as "exists"`);
  if (!rowsOf(exists)[0]?.exists) return { count: 0, last: undefined };
  const result = await db.execute(
    sql`select count(*)::int as "count", max(created_at) as "last" from ${sql.identifier(MIGRATIONS_SCHEMA)}.${sql.identifier(MIGRATIONS_TABLE)}`,
  );
  const row = rowsOf(result)[0];
  const last = row?.last === null || row?.last === undefined ? undefined : Number(row.last);
  return { count: Number(row?.count ?? 0), last };
}

const migratorConfig = {
  migrationsFolder: MIGRATIONS_FOLDER,
  migrationsSchema: MIGRATIONS_SCHEMA,
  migrationsTable: MIGRATIONS_TABLE,
};

/**
 * Applies every migration the database has not had yet; running it again applies none.
 * Returns how many this call applied.
 */
export async function runMigrations(database: Database): Promise<{ applied: number }> {
  await readJournal(); // a clear error when the folder is missing, before touching the database
  try {
    // Every start but the first after an upgrade has nothing to apply, and one read of the recorded migrations
    // says so; drizzle's migrator would read and hash every migration file and create its schema and table again
    // (and on PostgreSQL wait for the lock behind a peer's start) to find the same.
    if ((await migrationState(database)).pending === 0) return { applied: 0 };
    if (database.driver === "pglite") {
      // PGlite is one connection in this process: nothing can migrate it concurrently.
      const db = drizzlePglite(database.client, { schema });
      const before = await readRecorded(db);
      await migratePglite(db, migratorConfig);
      return { applied: (await readRecorded(db)).count - before.count };
    }
    // A session-level advisory lock needs one connection for lock, migrations and unlock.
    const connection = await database.client.connect();
    try {
      // A migration may take long, or wait long for another process's: the runtime's statement limits do not apply.
      await connection.query("set statement_timeout = 0; set idle_in_transaction_session_timeout = 0");
      await connection.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      const db = drizzlePg(connection, { schema });
      const before = await readRecorded(db);
      await migratePg(db, migratorConfig);
      const after = await readRecorded(db);
      await connection.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      connection.release();
      return { applied: after.count - before.count };
    } catch (error) {
      connection.release(true); // closing the connection also drops the lock
      throw error;
    }
  } catch (error) {
    throw new Error(databaseReason(error), { cause: error });
  }
}

/** drizzle wraps a failed statement as "Failed query: <the whole SQL>"; the database's own words say more. */
function databaseReason(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error && /^Failed query:/.test((error as Error).message) ? cause : error;
  const message = inner instanceof Error ? inner.message : String(inner);
  return message.split("\n")[0]?.trim() || "unknown error";
}

/**
 * How many migrations the database has recorded and how many of this build's migrations it still lacks.
 * A database that was never migrated is `{ applied: 0, pending: <all> }`, not an error.
 */
export async function migrationState(database: Database): Promise<{ applied: number; pending: number }> {
  const entries = await readJournal();
  const recorded = await readRecorded(database.db);
  // drizzle's own rule: a migration is applied when the newest recorded one is at least as recent.
  const pending = entries.filter((entry) => recorded.last === undefined || entry.when > recorded.last).length;
  return { applied: recorded.count, pending };
}
