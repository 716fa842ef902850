// The embedded database's own commit rate: the pgbench -N transaction (update an account, read it back, insert
// a history row, commit) run back to back on PGlite in this process, for the PGlite rows of the table. PGlite
// is one connection in one process, so it has one figure, whatever the client count.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

const ACCOUNTS = 100_000;

export async function measurePgliteBaseline({ seconds = 10 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "mfo-pglite-baseline-"));
  const db = await PGlite.create(join(dir, "pglite"));
  try {
    await db.exec(`
      create table accounts (aid integer primary key, bid integer, abalance integer, filler char(84));
      insert into accounts select g, 1, 0, '' from generate_series(1, ${ACCOUNTS}) g;
      create table history (tid integer, bid integer, aid integer, delta integer, mtime timestamp, filler char(22));`);
    await db.exec("vacuum analyze accounts");
    let transactions = 0;
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      const aid = 1 + Math.floor(Math.random() * ACCOUNTS);
      const delta = Math.floor(Math.random() * 10_000) - 5_000;
      await db.transaction(async (tx) => {
        await tx.query("update accounts set abalance = abalance + $1 where aid = $2", [delta, aid]);
        await tx.query("select abalance from accounts where aid = $1", [aid]);
        await tx.query("insert into history (tid, bid, aid, delta, mtime) values (1, 1, $1, $2, now())", [aid, delta]);
      });
      transactions++;
    }
    return transactions / seconds;
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
