// The PostgreSQL baseline for the benchmarks: what `pgbench -N` (TPC-B without the contended branch/teller
// updates, one commit per transaction) commits per second on the same server, in the same run, at each client
// count. Every durable MFO step costs at least one commit, so MFO figures are stated as a ratio to these.
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTestDatabase } from "@mfo/runtime/testing";

const run = promisify(execFile);
const PG_ROOT = "/usr/lib/postgresql";

/** The pgbench of the newest PostgreSQL under /usr/lib/postgresql (the one startPostgres runs the server from). */
export async function findPgbench() {
  const majors = (await readdir(PG_ROOT).catch(() => [])).sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const files = await readdir(join(PG_ROOT, major, "bin")).catch(() => []);
    if (files.includes("pgbench") && files.includes("postgres")) return join(PG_ROOT, major, "bin", "pgbench");
  }
  throw new Error("pgbench not found under /usr/lib/postgresql/<major>/bin; install the postgresql package");
}

/** Connection arguments for pgbench from a postgres:// URL (loopback, trust authentication). */
function connection(databaseUrl) {
  const url = new URL(databaseUrl);
  return ["-h", url.hostname, "-p", url.port, "-U", decodeURIComponent(url.username), url.pathname.slice(1)];
}

/** Parses pgbench's "tps = 1234.56 (without initial connection time)" line. */
export function parseTps(output) {
  const match = /tps = ([\d.]+)/.exec(output);
  if (!match) throw new Error(`no "tps = " in pgbench output:\n${output}`);
  return Number(match[1]);
}

/**
 * Initialises a scratch database on `serverUrl` with `pgbench -i`; resolves to { run(clients, seconds) }, which
 * runs `pgbench -N` for `seconds` at `clients` (threads: min(clients, 2)) and resolves to its TPS. For harnesses
 * that interleave pgbench cells with other systems' cells.
 */
export async function preparePgbench(serverUrl) {
  const pgbench = await findPgbench();
  const target = connection(await createTestDatabase(serverUrl));
  const env = { ...process.env, LC_ALL: "C", PGCONNECT_TIMEOUT: "10" };
  await run(pgbench, ["-i", "-q", ...target], { env }).catch((error) => {
    throw new Error(`pgbench -i failed: ${error.stderr || error.message}`);
  });
  return {
    async run(clients, seconds) {
      const args = ["-N", "-n", "-c", String(clients), "-j", String(Math.min(clients, 2)), "-T", String(seconds)];
      const { stdout } = await run(pgbench, [...args, ...target], { env, timeout: (seconds + 60) * 1000 }).catch(
        (error) => {
          throw new Error(`pgbench ${args.join(" ")} failed: ${error.stderr || error.message}`);
        },
      );
      return parseTps(stdout);
    },
  };
}

/**
 * Runs `pgbench -N` for `seconds` at each of `clients` on a fresh scratch database (preparePgbench); returns
 * [{ clients, tps }]. `onProgress` gets one line per run.
 */
export async function measurePgBaseline(serverUrl, { clients = [1, 8, 32], seconds = 10, onProgress = () => {} } = {}) {
  const pgbench = await preparePgbench(serverUrl);
  const results = [];
  for (const c of clients) {
    onProgress(`pgbench -N -c ${c} -T ${seconds} ...`);
    const tps = await pgbench.run(c, seconds);
    onProgress(`pgbench -N -c ${c}: ${tps.toFixed(0)} TPS`);
    results.push({ clients: c, tps });
  }
  return results;
}
