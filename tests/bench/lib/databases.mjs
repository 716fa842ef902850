// Scratch databases: every scenario run works on a fresh database of the bench's server, and the harness drops
// them between runs. Left behind, their dead rows keep autovacuum busy on the same two cores while the next run
// is measured (seen: a steps/s run at 3.5k instead of 8.4k right after another run).
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
