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

const dialect = new PgDialect();
/** Names already checked against their text in this process: a name reused for other text is a bug. */
const texts = new Map<string, string>();

/** Rows a raw statement returned; both drivers answer `execute` with an object whose `rows` are plain records. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows?: Record<string, unknown>[] }).rows ?? [];
}

/** Runs `statement` (prepared as `name` on PostgreSQL) and returns its rows. */
export async function runStatement(db: Executor, name: string, statement: SQL): Promise<Record<string, unknown>[]> {
  const client = (db as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) return rowsOf(await db.execute(statement));
  const { sql: text, params } = dialect.sqlToQuery(statement);
  const known = texts.get(name);
  if (known === undefined) texts.set(name, text);
  else if (known !== text) throw new Error(`prepared statement ${name} was given another text`);
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
