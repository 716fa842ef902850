/**
 * The engine's hot statements (claim, load, commit, create) run here: on PostgreSQL as named prepared
 * statements, parsed and planned once per pooled connection instead of on every call (measured: ~10% of the
 * server's CPU per step for the commit statement alone); on PGlite, or inside a transaction, through drizzle as
 * usual. The statement's text must be the same on every call under one name: values go in as parameters only.
 */
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Executor } from "./database.js";
import { type GroupCommitOptions, GroupCommitter } from "./group-commit.js";

const dialect = new PgDialect();
/** Names already checked against their text in this process: a name reused for other text is a bug. */
const texts = new Map<string, string>();

/** Rows a raw statement returned; both drivers answer `execute` with an object whose `rows` are plain records. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows?: Record<string, unknown>[] }).rows ?? [];
}

/**
 * The writes that go through group commit (group-commit.ts): each revision-checked or new, so a batch keeps each
 * one's own check, and none sets a lock_timeout (mfo_commit_bounded does: an operator's action waits alone).
 */
const GROUPED = new Set(["mfo_commit", "mfo_create", "mfo_claim"]);
/** Each pool's committer; a pool set to write alone (`setGroupCommit(db, false)`) maps to null. */
const committers = new WeakMap<pg.Pool, GroupCommitter | null>();

/**
 * Turns group commit on (the default) or off for the pool under `db` (PostgreSQL only; PGlite has one
 * connection and always writes alone). MFO_GROUP_COMMIT=off sets it off, so its effect can be measured.
 */
export function setGroupCommit(db: Executor, on: boolean, options: Partial<GroupCommitOptions> = {}): void {
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) committers.set(client, on ? new GroupCommitter(client, options) : null);
}

/** The group committer of the pool under `db`, if it has one (tests and diagnostics read its stats). */
export function groupCommitterOf(db: Executor): GroupCommitter | undefined {
  const client = (db as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? (committers.get(client) ?? undefined) : undefined;
}

function committerOf(pool: pg.Pool): GroupCommitter | null {
  let committer = committers.get(pool);
  if (committer === undefined) {
    committer = new GroupCommitter(pool);
    committers.set(pool, committer);
  }
  return committer;
}

/**
 * Where a grouped statement's instance id sits among its parameters (`where id = $n` of an update, the first
 * value of an insert), found once per name: a batch writes in id order, so two processes' batches take their
 * row locks in the same order instead of deadlocking.
 */
const keyIndexes = new Map<string, number | undefined>();
function keyIndexOf(name: string, text: string): number | undefined {
  if (!keyIndexes.has(name)) {
    const found = /\bwhere id = \$(\d+)/.exec(text) ?? /\bvalues \(\$(\d+)/.exec(text);
    keyIndexes.set(name, found ? Number(found[1]) - 1 : undefined);
  }
  return keyIndexes.get(name);
}

/**
 * Runs `statement` (prepared as `name` on PostgreSQL) and returns its rows. On a PostgreSQL pool the writes in
 * GROUPED go with the next group commit; inside a transaction (`db` is one) every statement goes as it is.
 */
export async function runStatement(db: Executor, name: string, statement: SQL): Promise<Record<string, unknown>[]> {
  const client = (db as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) return rowsOf(await db.execute(statement));
  const { sql: text, params } = dialect.sqlToQuery(statement);
  const known = texts.get(name);
  if (known === undefined) texts.set(name, text);
  else if (known !== text) throw new Error(`prepared statement ${name} was given another text`);
  const committer = GROUPED.has(name) ? committerOf(client) : null;
  if (committer) {
    const index = keyIndexOf(name, text);
    const key = index === undefined ? undefined : String(params[index]);
    return committer.write(name, text, params, key);
  }
  const result = await client.query({ name, text, values: params });
  return result.rows;
}

/** A timestamp column as a Date, whichever driver or parser read it. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(
    String(value)
      .replace(" ", "T")
      .replace(/([+-]\d\d)$/, "$1:00"),
  );
}
