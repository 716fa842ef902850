/**
 * What the hostile cases share besides the watch: a runtime on a fresh PostgreSQL database (PostgreSQL because
 * a fresh PGlite store's first start takes minutes on a loaded machine, and the cases read the store's audit
 * table directly), plain-fetch API calls that answer the status and content type, and a bounded wait for an
 * instance to end. Every wait here has a deadline, so a stalled server fails a case instead of hanging the suite.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@mfo/runtime/testing";
import pg from "pg";
import { ADMIN_KEY, type RuntimeEnv, type RuntimeProcess, startRuntime } from "../support/runtime-process.js";

/** RuntimeEnv plus any other MFO_* setting a case needs (auth failure limit, subflow depth...). */
export type HostileEnv = Partial<RuntimeEnv> & Record<string, string | undefined>;

/** A runtime process and the database it runs on. */
export interface HostileServer {
  server: RuntimeProcess;
  databaseUrl: string;
}

/**
 * Starts `mfo serve` on a fresh database of the PostgreSQL server at `postgresUrl`, with `env` on top; an
 * `env.DATABASE_URL` (a `databaseUrl` answered before) starts it on that database instead, as after a restart.
 */
export async function startHostileServer(
  postgresUrl: string,
  name: string,
  env: HostileEnv = {},
): Promise<HostileServer> {
  const databaseUrl = env.DATABASE_URL ?? (await createTestDatabase(postgresUrl));
  const dataDir = await mkdtemp(join(tmpdir(), `mfo-hostile-${name}-`));
  const full = { MFO_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, MFO_PACKS: "", ...env } as RuntimeEnv;
  return { server: await startRuntime(name, full), databaseUrl };
}

/** Runs one SQL statement on `databaseUrl` (its own connection, closed after). */
export async function query<T extends pg.QueryResultRow>(
  databaseUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** An API answer: status, content type and the parsed body (null when empty, the text when not JSON). */
export interface Answer {
  status: number;
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the server answered
  body: any;
  /** Milliseconds from sending to the whole answer. */
  ms: number;
}

/** The longest a single API call may take before the case gives up on it (a stalled server). */
export const CALL_TIMEOUT_MS = 20_000;

/**
 * `method path` on /api/v1 with the admin key (or `key`; null sends none) and a JSON body. Never throws for a
 * status; throws when the server does not answer within `timeoutMs`.
 */
export async function call(
  server: RuntimeProcess,
  method: string,
  path: string,
  body?: unknown,
  options: { key?: string | null; timeoutMs?: number } = {},
): Promise<Answer> {
  const key = options.key === undefined ? ADMIN_KEY : options.key;
  const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? CALL_TIMEOUT_MS),
  });
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, type, body: parsed, ms: performance.now() - started };
}

/** An instance as GET /flows/{id} answers it, as far as the cases read it. */
export interface Ended {
  id: string;
  status: string;
  lastError?: { nodeId?: string; code?: string; message?: string } | null;
}

const FINAL = new Set(["completed", "failed", "cancelled"]);

/**
 * Polls GET /flows/{id} until the instance has ended, and answers it; undefined when it has not ended within
 * `timeoutMs` (or the server stopped answering), so the case can report a stall instead of throwing.
 */
export async function waitForEnd(server: RuntimeProcess, id: string, timeoutMs: number): Promise<Ended | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const answer = await call(server, "GET", `/flows/${id}`, undefined, {
        timeoutMs: Math.max(1, deadline - Date.now()),
      });
      if (answer.status === 200 && FINAL.has(answer.body.status)) return answer.body as Ended;
    } catch {
      // Not answered before the deadline: the loop ends below.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

/** The q-th quantile (0..1) of `values`, nearest rank; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}
