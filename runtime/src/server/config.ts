/** Configuration from the environment (ARCHITECTURE.md, "Configuration"), checked once at start-up. */
import { resolve } from "node:path";
import { DEFAULT_POOL_OPTIONS, type ExpressionPoolOptions } from "../expression/expression-pool.js";
import { parseAllowHosts } from "../handlers/ssrf-guard.js";
import { DEFAULT_MAX_CREATE_WAIT_SECONDS } from "../http/create-wait.js";
import { DEFAULT_DEFINITION_LIMITS, type DefinitionLimits } from "../registry/definition-limits.js";
import { DEFAULT_TEST_RUN_RETENTION_MS, parseDuration } from "./test-run-sweeper.js";

export interface RuntimeConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminKey: string | undefined;
  httpAllowHosts: string[];
  flowsDir: string | undefined;
  /** MFO_PACKS: module names of the packs to load (comma separated); unset: the migration pack; empty: none. */
  packs: string[];
  logLevel: string;
  leaseMs: number;
  pollMs: number;
  /** MFO_SCHEDULE_LEASE_MS: how long a process holds a schedule it fires (a dead one's are fired this much later). */
  scheduleLeaseMs?: number;
  /** MFO_WORKER_CONCURRENCY: instances one process works on at once. */
  workerConcurrency: number;
  /** MFO_DB_POOL: most PostgreSQL connections one process opens. */
  dbPool: number;
  /**
   * MFO_GROUP_COMMIT=off: each write of the engine is its own transaction, as before group commit
   * (store/group-commit.ts), so its effect can be measured on one build. PostgreSQL only.
   */
  groupCommit: boolean;
  /** MFO_ENCRYPTION_KEY (32 bytes); unset: generated into the data dir (embedded only, checked at start-up). */
  encryptionKey: Buffer | undefined;
  /** MFO_ENCRYPTION_KEY_PREVIOUS: an older key, for reading rows written before a rotation. */
  encryptionKeyPrevious: Buffer | undefined;
  /** MFO_METRICS_PUBLIC=1: /metrics answers without a key. */
  metricsPublic: boolean;
  /** MFO_RATE_LIMIT: write requests per second per API key (bursts of twice that); 0 turns the limit off. */
  rateLimit: number;
  /** MFO_CORS_ORIGINS: browser origins allowed to call the API (comma separated); empty: CORS off. */
  corsOrigins: string[];
  /** MFO_AUTH_FAILURE_LIMIT: failed authentications per client address per minute before 429; 0 turns it off. */
  authFailureLimit: number;
  /** The Node HTTP server's bounds on slow or oversized clients (serve-command.ts, http-server.ts). */
  server: ServerLimits;
  /** MFO_MAX_SUBFLOW_DEPTH: most levels of subflows under one instance; a deeper child fails its subflow node. */
  maxSubflowDepth: number;
  /** MFO_MAX_CREATE_WAIT_SECONDS: the longest a create-and-wait (POST /flows with a wait) waits for its instance. */
  maxCreateWaitSeconds: number;
  /**
   * MFO_QUARANTINE_AFTER: times in a row a step may be interrupted (its process crashed or was killed while it ran)
   * before its instance is quarantined instead of picked up again; 0 turns quarantine off.
   */
  quarantineAfter: number;
  /** MFO_MAX_DEFINITION_NODES, _EDGES, _BYTES: how big a flow definition may be (validate, publish, draft save). */
  definitionLimits: DefinitionLimits;
  /** MFO_TEST_RUN_RETENTION (`7d`, `12h`, `30m`): how long test runs of drafts are kept (7 days when absent). */
  testRunRetentionMs?: number;
  /** MFO_EXPRESSION_WORKERS, _HEAP_MB, _OUTPUT_BYTES: the processes that evaluate expressions, and their limits. */
  expressions: Required<Pick<ExpressionPoolOptions, "processes" | "heapMb" | "maxOutputBytes">>;
}

/** How long the Node server waits for a client, and how big a request head it reads. */
export interface ServerLimits {
  /** MFO_HEADERS_TIMEOUT_MS: a request's head must arrive within this; else the connection is closed. */
  headersTimeoutMs: number;
  /** MFO_REQUEST_TIMEOUT_MS: a whole request (head and body) must arrive within this; else 408 and closed. */
  requestTimeoutMs: number;
  /** MFO_KEEP_ALIVE_TIMEOUT_MS: an idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** MFO_MAX_HEADER_BYTES: the largest request head accepted (431 beyond). */
  maxHeaderBytes: number;
}

/** The limits when no variable sets them (README.md, "Configuration"). */
export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16_384,
};

/** A base64 key of exactly 32 bytes (AES-256), or undefined when the variable is unset. */
function keyOf(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32 || key.toString("base64").replace(/=+$/, "") !== text.trim().replace(/=+$/, ""))
    throw new Error(`${name} must be the base64 of 32 random bytes (e.g. openssl rand -base64 32)`);
  return key;
}

/** The pack the product ships with: `npm start` runs the migration templates unless MFO_PACKS says otherwise. */
export const DEFAULT_PACKS = ["@mfo/pack-migration"];

/** The module names MFO_PACKS lists: unset is the default pack, an empty string is none. */
export function packNamesOf(env: NodeJS.ProcessEnv): string[] {
  const text = env.MFO_PACKS;
  if (text === undefined) return [...DEFAULT_PACKS];
  return text
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
}

/** A switch: on/off (or 1/0, true/false); unset or empty is `fallback`. */
function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (text === undefined || text === "") return fallback;
  if (["on", "1", "true"].includes(text)) return true;
  if (["off", "0", "false"].includes(text)) return false;
  throw new Error(`${name} must be on or off, not "${env[name]}"`);
}

/** MFO_TEST_RUN_RETENTION as milliseconds: a duration such as 7d, 12h or 30m. */
function retentionOf(text: string | undefined): number {
  if (text === undefined || text === "") return DEFAULT_TEST_RUN_RETENTION_MS;
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new Error(`MFO_TEST_RUN_RETENTION must be a duration such as 7d, 12h or 30m, not "${text}"`);
  return ms;
}

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** Reads the configuration; a value that makes no sense is an Error with a one-line message naming it. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const text = env[name];
    if (text === undefined || text === "") return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
    return value;
  };
  const server: ServerLimits = {
    headersTimeoutMs: int("MFO_HEADERS_TIMEOUT_MS", DEFAULT_SERVER_LIMITS.headersTimeoutMs, 100, 600_000),
    requestTimeoutMs: int("MFO_REQUEST_TIMEOUT_MS", DEFAULT_SERVER_LIMITS.requestTimeoutMs, 100, 3_600_000),
    keepAliveTimeoutMs: int("MFO_KEEP_ALIVE_TIMEOUT_MS", DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs, 100, 600_000),
    maxHeaderBytes: int("MFO_MAX_HEADER_BYTES", DEFAULT_SERVER_LIMITS.maxHeaderBytes, 1_024, 1_048_576),
  };
  // Node refuses to start a server whose head timeout is longer than its whole-request timeout.
  if (server.headersTimeoutMs > server.requestTimeoutMs)
    throw new Error("MFO_HEADERS_TIMEOUT_MS must not be more than MFO_REQUEST_TIMEOUT_MS");
  const logLevel = env.LOG_LEVEL || "info";
  if (!LEVELS.has(logLevel)) throw new Error(`LOG_LEVEL must be one of ${[...LEVELS].join(", ")}, not "${logLevel}"`);
  return {
    port: int("PORT", 3000, 0, 65535),
    host: env.HOST || "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.MFO_DATA_DIR || "data"),
    adminKey: env.MFO_ADMIN_KEY || undefined,
    httpAllowHosts: parseAllowHosts(env.MFO_HTTP_ALLOW_HOSTS),
    flowsDir: env.MFO_FLOWS_DIR ? resolve(env.MFO_FLOWS_DIR) : undefined,
    packs: packNamesOf(env),
    logLevel,
    leaseMs: int("MFO_LEASE_MS", 30_000, 500, 3_600_000),
    pollMs: int("MFO_POLL_MS", 250, 5, 60_000),
    scheduleLeaseMs: int("MFO_SCHEDULE_LEASE_MS", 5_000, 500, 600_000),
    workerConcurrency: int("MFO_WORKER_CONCURRENCY", 8, 1, 1_000),
    dbPool: int("MFO_DB_POOL", 10, 2, 1_000),
    groupCommit: onOff(env, "MFO_GROUP_COMMIT", true),
    encryptionKey: keyOf(env, "MFO_ENCRYPTION_KEY"),
    encryptionKeyPrevious: keyOf(env, "MFO_ENCRYPTION_KEY_PREVIOUS"),
    metricsPublic: env.MFO_METRICS_PUBLIC === "1" || env.MFO_METRICS_PUBLIC === "true",
    rateLimit: int("MFO_RATE_LIMIT", 200, 0, 1_000_000),
    corsOrigins: (env.MFO_CORS_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    authFailureLimit: int("MFO_AUTH_FAILURE_LIMIT", 20, 0, 1_000_000),
    server,
    maxSubflowDepth: int("MFO_MAX_SUBFLOW_DEPTH", 10, 1, 1_000),
    quarantineAfter: int("MFO_QUARANTINE_AFTER", 3, 0, 1_000),
    maxCreateWaitSeconds: int("MFO_MAX_CREATE_WAIT_SECONDS", DEFAULT_MAX_CREATE_WAIT_SECONDS, 0, 3_600),
    testRunRetentionMs: retentionOf(env.MFO_TEST_RUN_RETENTION),
    definitionLimits: {
      maxNodes: int("MFO_MAX_DEFINITION_NODES", DEFAULT_DEFINITION_LIMITS.maxNodes, 2, 1_000_000),
      maxEdges: int("MFO_MAX_DEFINITION_EDGES", DEFAULT_DEFINITION_LIMITS.maxEdges, 1, 1_000_000),
      maxBytes: int("MFO_MAX_DEFINITION_BYTES", DEFAULT_DEFINITION_LIMITS.maxBytes, 1_024, 1_073_741_824),
    },
    expressions: {
      processes: int("MFO_EXPRESSION_WORKERS", DEFAULT_POOL_OPTIONS.processes, 1, 64),
      heapMb: int("MFO_EXPRESSION_HEAP_MB", DEFAULT_POOL_OPTIONS.heapMb, 16, 16_384),
      maxOutputBytes: int("MFO_EXPRESSION_OUTPUT_BYTES", DEFAULT_POOL_OPTIONS.maxOutputBytes, 1_024, 1_073_741_824),
    },
  };
}
