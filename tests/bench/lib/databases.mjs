// Scratch databases: every scenario run works on a fresh database of the bench's server, and the harness drops
// them between runs. Left behind, their dead rows keep autovacuum busy on the same two cores while the next run
// is measured (seen: a steps/s run at 3.5k instead of 8.4k right after another run).
import { startPostgres } from "@mfo/runtime/testing";
import pg from "pg";

/** Drops every database this bench process created (the test helper names them mfo_test_<pid>_...). */
export async function dropScratchDatabases(serverUrl) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query("select datname from pg_database where datname like $1", [
      `mfo_test_${process.pid}_%`,
    ]);
    for (const { datname } of rows) {
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [datname]);
      await admin.query(`drop database if exists "${datname.replaceAll('"', '""')}"`);
    }
  } finally {
    await admin.end();
  }
}

/** Drops the one database at `databaseUrl` (a scratch database of the server at `serverUrl`). */
export async function dropDatabase(serverUrl, databaseUrl) {
  const datname = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [datname]);
    await admin.query(`drop database if exists "${datname.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

/**
 * PostgreSQL's default durability, which the tests' startPostgres turns off (fsync, synchronous_commit and
 * full_page_writes off: pointless for a throwaway test server). The bench states MFO against what PostgreSQL
 * commits durably, so it turns them back on: a later `-c` wins over an earlier one. BENCH_PG_DURABILITY=off
 * keeps the tests' settings (to compare with figures measured that way).
 */
const DURABLE = { fsync: "on", synchronous_commit: "on", full_page_writes: "on" };

/** The bench's PostgreSQL: { server, durability } where durability says what the server reports, e.g. "fsync on, synchronous_commit on". */
export async function startBenchPostgres() {
  const durable = process.env.BENCH_PG_DURABILITY !== "off";
  const server = await startPostgres(durable ? { settings: DURABLE } : {});
  const db = new pg.Client({ connectionString: server.url });
  await db.connect();
  try {
    const show = async (name) => (await db.query(`show ${name}`)).rows[0][name];
    const settings = Object.fromEntries(await Promise.all(Object.keys(DURABLE).map(async (n) => [n, await show(n)])));
    if (durable && Object.entries(DURABLE).some(([name, value]) => settings[name] !== value))
      throw new Error(`PostgreSQL did not take the durable settings: ${JSON.stringify(settings)}`);
    const durability = Object.entries(settings)
      .map(([name, value]) => `${name} ${value}`)
      .join(", ");
    return { server, durability };
  } finally {
    await db.end();
  }
}
