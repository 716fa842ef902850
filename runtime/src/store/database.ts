/**
 * Opens the runtime's database: PostgreSQL through `pg` when DATABASE_URL is set, otherwise an embedded PGlite in
 * the data dir. Both come out as one drizzle type (`Db`), so everything above this file has a single code path;
 * only the few things drizzle does not wrap (the migrations' advisory lock) look at `driver` and `client`.
 * Connection problems become one human line that never contains the URL's password.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { keepPgliteOnBaselineCompiler, pgliteStartParams } from "./pglite-options.js";
import { readPgliteTemplate, unpackPgliteTemplate } from "./pglite-template.js";
import * as schema from "./schema.js";

/** The drizzle database every store function takes, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open transaction on `Db`. */
type Transaction = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * What every repository function runs its statements on (its first parameter): the database itself, or a
 * transaction, so that a caller can put several of them, e.g. a change and its audit row, in one transaction.
 */
export type Executor = Db | Transaction;

/**
 * Runs `fn` in one transaction on `db`: committed when it resolves, rolled back when it throws (the error is
 * rethrown). Callers outside the store pass the executor it is given to repository functions.
 */
export function transaction<T>(db: Db, fn: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}

interface DatabaseBase {
  db: Db;
  /** Where the data lives, for people: "embedded PGlite at data/pglite" or "PostgreSQL at host:5432/mfo". */
  location: string;
  /** Closes the client or pool; calling it again does nothing. */
  close(): Promise<void>;
}

export type Database = DatabaseBase & ({ driver: "pglite"; client: PGlite } | { driver: "postgres"; client: pg.Pool });

export interface OpenDatabaseOptions {
  /** postgres:// or postgresql:// URL; unset means the embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Most connections the pool opens (PostgreSQL only); default 10. */
  poolMax?: number;
  /** Errors of idle pooled connections (e.g. the server restarted); the pool replaces them. Default: ignored. */
  onIdleError?: (error: Error) => void;
  /** Longest a statement may run, and a transaction sit idle, before PostgreSQL ends it (ms); default 60 s, 0: none. */
  statementTimeoutMs?: number;
}

/** How long to wait for PostgreSQL to accept a connection before saying it cannot be reached. */
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * The runtime's statements are short (a step's transaction, a page of a list, an analytics query over indexed
 * rows): a minute is far above any of them and still ends a runaway query or a transaction left open.
 */
export const STATEMENT_TIMEOUT_MS = 60_000;
/** The client gives up this long after the server's own limit, when the server or the network is gone. */
const CLIENT_GRACE_MS = 5_000;

/**
 * Opens the database the options describe and checks that it answers a query.
 * Throws an Error with a one-line message (no password) when it cannot.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = join(dataDir, "pglite");
  const location = `embedded PGlite at ${dir}`;
  let client: PGlite;
  try {
    await mkdir(dir, { recursive: true });
    // A new store starts from the build's template instead of running initdb (pglite-template.ts), unpacked into
    // the empty folder; a folder that holds files but no database gets it through PGlite's own loader, as before.
    const fresh = !existsSync(join(dir, "PG_VERSION"));
    const template = fresh && !(await unpackPgliteTemplate(dir)) ? await readPgliteTemplate() : undefined;
    // Its memory settings (pglite-options.ts): a small buffer pool, and no optimizing recompilation of its code.
    keepPgliteOnBaselineCompiler();
    client = await PGlite.create(dir, {
      startParams: pgliteStartParams(),
      ...(template ? { loadDataDir: template } : {}),
    });
    await client.query("select 1");
  } catch (error) {
    throw new Error(`cannot open the embedded database at ${dir}: ${firstLine(error)}`);
  }
  return {
    db: drizzlePglite(client, { schema }),
    driver: "pglite",
    client,
    location,
    close: once(() => client.close()),
  };
}

async function openPostgres(databaseUrl: string, options: OpenDatabaseOptions): Promise<Database> {
  const target = describeUrl(databaseUrl);
  const statementTimeout = options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolMax ?? 10,
    application_name: "mfo",
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(statementTimeout > 0
      ? {
          statement_timeout: statementTimeout,
          idle_in_transaction_session_timeout: statementTimeout,
          query_timeout: statementTimeout + CLIENT_GRACE_MS,
        }
      : {}),
    // Notices a peer that vanished without closing the connection (a crash, a dropped network path).
    keepAlive: true,
  });
  // Without a listener an idle connection's error (server restart, network drop) would crash the process.
  pool.on("error", (error) => options.onIdleError?.(error));
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`cannot connect to PostgreSQL at ${target.where}: ${scrub(connectReason(error), target.secrets)}`);
  }
  return {
    db: drizzlePg(pool, { schema }),
    driver: "postgres",
    client: pool,
    location: `PostgreSQL at ${target.where}${target.database ? `/${target.database}` : ""}`,
    close: once(() => pool.end()),
  };
}

/** Host and port of a connection URL for messages, and the strings that must never be printed. */
function describeUrl(databaseUrl: string): { where: string; database: string; secrets: string[] } {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error("DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}//`);
  }
  const socketHost = url.searchParams.get("host");
  const host = url.hostname || socketHost || "localhost";
  const secrets = url.password ? [url.password, safeDecode(url.password)] : [];
  return { where: `${host}:${url.port || "5432"}`, database: safeDecode(url.pathname.slice(1)), secrets };
}

/** The reason a connection attempt failed, in words. */
function connectReason(error: unknown): string {
  const e = error as { code?: unknown; errors?: unknown[]; message?: unknown };
  // Node reports a host with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  const code = typeof e.code === "string" ? e.code : (e.errors?.[0] as { code?: string } | undefined)?.code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "ETIMEDOUT":
      return "connection timed out";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    case "ECONNRESET":
      return "connection reset by the server";
    case "ENOENT":
      return "no server socket at that path";
  }
  const message = firstLine(error);
  if (/timeout/i.test(message)) return `no answer within ${CONNECT_TIMEOUT_MS / 1000}s`;
  return message;
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join("***");
  return out;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.trim() || (error instanceof Error ? error.name : "unknown error");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}
