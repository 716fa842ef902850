/**
 * Runs `mfo serve` as a real child process, the way operators run it, so reliability tests can stop it cleanly,
 * kill it with SIGKILL at any moment, and start another on the same database. Also: the API client (@mfo/client)
 * with the admin key (`client`; its `request` answers the status too), and `waitFor`, a bounded poll for a
 * condition. Every process started here is stopped by `stopAll` (call it in afterAll) and, as a last resort,
 * killed when the test process exits.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createFlowService, type FlowService } from "@mfo/client";

/** The `mfo` command of this repository's runtime build; MFO_TEST_BIN runs the suite against another build. */
const MFO_BIN = process.env.MFO_TEST_BIN || fileURLToPath(new URL("../../runtime/bin/mfo.js", import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LIMIT = 32_768;
const API_TIMEOUT_MS = 15_000;

/** A fixed admin key for test processes (the runtime stores it hashed, as it would a real one). */
export const ADMIN_KEY = "mfo_reliability_test_admin_key";
/** A fixed encryption key (base64 of 32 bytes) for processes on PostgreSQL (required there, ARCHITECTURE.md). */
export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

export interface RuntimeEnv {
  /** PostgreSQL connection string; unset runs on the embedded PGlite in MFO_DATA_DIR. */
  DATABASE_URL?: string;
  MFO_DATA_DIR: string;
  MFO_LEASE_MS?: string;
  MFO_POLL_MS?: string;
  /** How long a process holds a schedule it fires (a killed one's schedules wait this long for another). */
  MFO_SCHEDULE_LEASE_MS?: string;
  /** Hosts the `http` handler may reach although loopback (a test's own HTTP server). */
  MFO_HTTP_ALLOW_HOSTS?: string;
  /** Write requests per second per API key; "0" turns the limit off (a test creating instances in bulk). */
  MFO_RATE_LIMIT?: string;
  /** Packs to load (module names, comma separated); unset: the migration pack, as `npm start` runs. */
  MFO_PACKS?: string;
  /** Interruptions in a row of one step before its instance is quarantined; "0" turns quarantine off. */
  MFO_QUARANTINE_AFTER?: string;
  LOG_LEVEL?: string;
}

export interface RuntimeProcess {
  readonly name: string;
  readonly pid: number;
  /** http://127.0.0.1:PORT, known once ready. */
  readonly baseUrl: string;
  /** stdout and stderr so far (the last 32 KiB). */
  output(): string;
  /** Whether the process has exited. */
  readonly exited: boolean;
  /**
   * The API client (@mfo/client) with the admin key. No retries, so a test sees each failure (a kill cutting off
   * a request); a failure answer rejects with FlowServiceError (its status), an unreachable process too (status 0).
   */
  readonly client: FlowService;
  /** SIGTERM and wait for a clean exit (SIGKILL after 10 s); resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process gets no chance to finish anything; resolves once it is gone. */
  kill(): Promise<void>;
  /** Whether the process exits within `ms` (true at once if it already has). */
  exitsWithin(ms: number): Promise<boolean>;
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** The test process's environment without anything that configures a runtime, so only `env` does. */
function inherited(): NodeJS.ProcessEnv {
  const configures = /^(MFO_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$)/;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !configures.test(key)));
}

/** Starts `mfo serve` on a port the OS picks, with `env`, and resolves once it prints "MFO is ready.". */
export async function startRuntime(name: string, env: RuntimeEnv): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, [MFO_BIN, "serve"], {
    env: {
      ...inherited(),
      HOST: "127.0.0.1",
      PORT: "0",
      MFO_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: "warn",
      ...(env.DATABASE_URL ? { MFO_ENCRYPTION_KEY: ENCRYPTION_KEY } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  let output = "";
  let exited = false;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exit = new Promise<number | null>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      live.delete(child);
      keep(Buffer.from(`\n[${name} exited: code ${code}, signal ${signal}]\n`));
      resolve(code);
    });
    child.once("error", (error) => {
      keep(Buffer.from(`\n[${name} could not start: ${error.message}]\n`));
      if (child.pid === undefined) {
        exited = true;
        live.delete(child);
        resolve(null);
      }
    });
  });

  const baseUrl = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      child.kill("SIGKILL");
      reject(new Error(`${name}: ${why}; its output:\n${output}`));
    };
    const check = () => {
      const url = /MFO is ready\.\s+Open:\s+(http:\/\/[^/\s]+)\//.exec(output)?.[1];
      if (url) {
        cleanup();
        resolve(url);
      }
    };
    const onExit = () => fail("exited before it was ready");
    const timer = setTimeout(() => fail(`not ready within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", check);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", check);
    child.once("exit", onExit);
    check();
  });

  const kill = async () => {
    if (!exited) child.kill("SIGKILL");
    await exit;
  };
  return {
    name,
    pid: child.pid as number,
    baseUrl,
    client: createFlowService({ baseUrl, apiKey: ADMIN_KEY, retry: { attempts: 1 }, timeoutMs: API_TIMEOUT_MS }),
    output: () => output,
    get exited() {
      return exited;
    },
    async stop() {
      if (!exited) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exit;
        clearTimeout(timer);
      }
      return exit;
    },
    kill,
    async exitsWithin(ms: number) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      });
      const result = await Promise.race([exit.then(() => true), timeout]);
      clearTimeout(timer);
      return result;
    },
  };
}

/** Kills every process this module started that is still running (for afterAll, whatever happened). */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}

/**
 * Polls `condition` until it returns something other than undefined/false, and returns that; fails after
 * `timeoutMs` with `message` (a function, to describe the state at the deadline) and the last error thrown.
 */
export async function waitFor<T>(
  condition: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs: number; intervalMs?: number; message?: string | (() => string | Promise<string>) },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  let lastError: unknown;
  for (let round = 0; round < 1_000_000; round++) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
  const described = typeof options.message === "function" ? await options.message() : options.message;
  const why = lastError ? ` (last error: ${(lastError as Error).message ?? String(lastError)})` : "";
  throw new Error(`${described ?? "condition not met"} within ${options.timeoutMs} ms${why}`);
}
