/**
 * A throwaway PostgreSQL server for tests: initdb into a temp dir, start it on a free loopback port, stop it by
 * pid and delete the dir. The runtime promises "same schema, same migrations, both tested", so tests run against
 * a real server, never a mock; a machine without the PostgreSQL binaries fails loudly instead of skipping.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { chown, mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const PG_ROOT = "/usr/lib/postgresql";
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const run = promisify(execFile);

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust authentication, loopback only). */
  url: string;
  /** Fast shutdown (SIGINT) by pid, then removes the data dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** The bin dir of the newest PostgreSQL under /usr/lib/postgresql/<major>/bin that has initdb and postgres. */
async function findBinDir(): Promise<string> {
  const majors = await readdir(PG_ROOT).catch(() => [] as string[]);
  majors.sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = join(PG_ROOT, major, "bin");
    const files = await readdir(bin).catch(() => [] as string[]);
    if (files.includes("initdb") && files.includes("postgres")) return bin;
  }
  throw new Error(
    "PostgreSQL server binaries not found under /usr/lib/postgresql; install the postgresql package (.ci/run does)",
  );
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` user (uid/gid of spawn). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error("running as root, but there is no `postgres` user to run the PostgreSQL server as");
  }
}

/** A loopback port nobody listens on right now (the OS picks it for a server bound to port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StartPostgresOptions {
  /** Extra server settings (`-c name=value`), e.g. { shared_preload_libraries: "pg_stat_statements" }. */
  settings?: Record<string, string>;
}

/** Starts a fresh PostgreSQL server; the caller must `stop()` it. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = await findBinDir();
  const user = serverUser();
  const dir = await mkdtemp(join(tmpdir(), "mfo-pg-"));
  const dataDir = join(dir, "data");
  const env = { ...process.env, LC_ALL: "C", LANG: "C" };
  try {
    if (user) await chown(dir, user.uid, user.gid);
    await run(
      join(bin, "initdb"),
      ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
      { cwd: dir, env, ...user },
    ).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`initdb failed: ${tail(error.stderr || error.message)}`);
    });
    // The free port may be taken between finding it and postgres binding it: then try another one.
    for (let attempt = 1; ; attempt++) {
      const result = await launch(join(bin, "postgres"), dir, dataDir, await freePort(), options.settings ?? {}, {
        cwd: dir,
        env,
        ...user,
      });
      if ("url" in result) return result;
      if (attempt === 3 || !result.log.includes("Address already in use")) throw new Error(result.error);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Runs postgres on `port` and waits until it accepts connections, or says why it did not (with its log tail). */
async function launch(
  postgres: string,
  dir: string,
  dataDir: string,
  port: number,
  settings: Record<string, string>,
  options: { cwd: string; env: NodeJS.ProcessEnv; uid?: number; gid?: number },
): Promise<PostgresServer | { error: string; log: string }> {
  const args = ["-D", dataDir, "-h", "127.0.0.1", "-p", String(port), "-k", dir];
  // Durability is pointless for a throwaway test server and costs most of its time: no fsync, no waiting for the
  // WAL flush at commit, no full-page images.
  args.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  for (const [name, value] of Object.entries(settings)) args.push("-c", `${name}=${value}`);
  const server = spawn(postgres, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-16_384);
  };
  server.stdout.on("data", keep);
  server.stderr.on("data", keep);
  let running = true;
  const exited = new Promise<void>((resolve) => {
    const done = () => {
      running = false;
      resolve();
    };
    server.once("exit", done);
    server.once("error", (error) => {
      keep(Buffer.from(`${error.message}\n`));
      done();
    });
  });
  // If the test process ends without stop() (a crash), do not leave the server behind.
  const killOnExit = () => running && server.kill("SIGINT");
  process.once("exit", killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      process.off("exit", killOnExit);
      if (running && server.pid !== undefined) {
        process.kill(server.pid, "SIGINT"); // fast shutdown: disconnects clients instead of waiting for them
        const timer = setTimeout(() => running && server.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (!running) {
      process.off("exit", killOnExit);
      return { error: `PostgreSQL exited during start-up:\n${tail(log)}`, log };
    }
    if (await accepts(url)) return { url, stop };
    if (Date.now() > deadline) {
      process.off("exit", killOnExit);
      server.kill("SIGKILL");
      await exited;
      return { error: `PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000}s:\n${tail(log)}`, log };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The last lines of a server log, for error messages. */
function tail(text: string, lines = 20): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

let counter = 0;

/** Creates an empty, uniquely named database on the server and returns its URL, so each test file is isolated. */
export async function createTestDatabase(serverUrl: string): Promise<string> {
  const name = `mfo_test_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
