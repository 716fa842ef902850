/**
 * Committing a step of an instance: ONE statement checks the revision and writes the row, its events, timers,
 * fired timers, phase runs, node attempts and audit row (a step costs one round trip instead of a transaction of seven); child
 * instances (a subflow starting) go in the same transaction.
 */
import { sql } from "drizzle-orm";
import { eventsCommitted } from "../../events/committed-events.js";
import type { Db, Executor } from "../database.js";
import { dropEventWaits, registerEventWaits } from "../event-repository.js";
import { runStatement } from "../statements.js";
import { insertInstance } from "./insert.js";
import { attemptsAfter, insertsAfter, json, phaseRunsAfter } from "./rows.js";
import type { InstanceCommit } from "./types.js";

/** How long a commit may wait for the row another writer holds. */
export interface CommitOptions {
  /**
   * On PostgreSQL, the longest wait (ms) for the instance's row lock; past it the commit writes nothing and
   * answers false, as for a lost race. Operator actions set it, so a row another writer holds (another process's
   * action, a commit stuck in a slow WAL flush) cannot keep them, and their pooled connections, waiting for
   * seconds; the worker's steps leave it unset and wait as before.
   */
  lockTimeoutMs?: number;
}

/** PostgreSQL's lock_not_available: the statement gave up waiting for a lock (lock_timeout). */
function isLockTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  return e.code === "55P03" || e.cause?.code === "55P03";
}

/**
 * Writes a step when the stored row still has `commit.expectedRev`; returns false (and writes nothing) when
 * another writer changed it meanwhile, or held it longer than `options.lockTimeoutMs`.
 */
export async function commitInstance(db: Db, commit: InstanceCommit, options: CommitOptions = {}): Promise<boolean> {
  const { row, at } = commit;
  const release = commit.releaseLeaseOf ?? null;
  // The bound is set inside the statement, local to its (implicit) transaction: one round trip as before, and
  // nothing left on the pooled connection for the worker's next statement. The condition reads it before the
  // row is locked, so the update's wait for the row is the one it bounds.
  const bounded = options.lockTimeoutMs
    ? sql` and (select set_config('lock_timeout', ${`${Math.ceil(options.lockTimeoutMs)}ms`}, true)) is not null`
    : sql``;
  const statement = sql`
    with updated as (
      update instances set status = ${row.status}, snapshot = ${json(row.snapshot)}::jsonb,
        context = ${json(row.context)}::jsonb, current_nodes = ${json(row.currentNodes)}::jsonb,
        rev = ${row.rev}, last_error = ${json(row.lastError)}::jsonb,
        updated_at = ${row.updatedAt.toISOString()}::timestamptz,
        finished_at = ${row.finishedAt?.toISOString() ?? null}::timestamptz,
        lease_owner = case when lease_owner = ${release} then null else lease_owner end,
        lease_until = case when lease_owner = ${release} then null else lease_until end
      where id = ${row.id} and rev = ${commit.expectedRev}${bounded}
      returning id
    ),
    ${insertsAfter("updated", row, { events: commit.events, timers: commit.timers, audit: commit.audit })},
    ${phaseRunsAfter("updated", row, commit.phaseRuns)},
    ${attemptsAfter("updated", row, commit.attempts)},
    -- An ended instance needs no wake-up: its leftover timers (e.g. watchdogs of attempts that finished in time)
    -- are retired, so the due-timer index holds only live work. Otherwise only the timers this step fired. Two
    -- updates, each on its own index (an OR of both read the whole timers table once the statement was prepared).
    retired as (
      update timers set fired_at = ${at.toISOString()}::timestamptz
      where ${commit.ended} and instance_id = ${row.id}::uuid and fired_at is null and exists (select 1 from updated)
    ),
    fired as (
      update timers set fired_at = ${at.toISOString()}::timestamptz
      where not ${commit.ended} and id in (select jsonb_array_elements_text(${JSON.stringify(commit.firedTimers)}::jsonb)::bigint)
        and fired_at is null and exists (select 1 from updated)
    )
    select count(*)::int as "updated" from updated`;
  const write = async (tx: Executor): Promise<boolean> => {
    const [result] = await runStatement(tx, options.lockTimeoutMs ? "mfo_commit_bounded" : "mfo_commit", statement);
    if (!result?.updated) return false;
    for (const child of commit.children) await insertInstance(tx, child, at);
    // Correlated events (event-repository.ts): a wait that ended is dropped, one reached is registered, in the
    // step's own transaction, so a crash cannot leave an instance at a wait nobody can deliver to.
    const dropped = commit.ended ? (commit.hadEventWaits ? null : []) : (commit.droppedEventWaits ?? []);
    if (dropped === null || dropped.length > 0) await dropEventWaits(tx, row.id, dropped);
    if (commit.eventWaits?.length) await registerEventWaits(tx, row, commit.eventWaits, at);
    return true;
  };
  // Only an instance that had or gets an event wait pays for the transaction its extra statements need.
  const hadWaits = (commit.eventWaits?.length ?? 0) > 0 || (commit.droppedEventWaits?.length ?? 0) > 0;
  const alone = commit.children.length === 0 && !hadWaits && !(commit.ended && commit.hadEventWaits);
  let written: boolean;
  try {
    written = alone ? await write(db) : await db.transaction(write);
  } catch (error) {
    if (options.lockTimeoutMs && isLockTimeout(error)) return false;
    throw error;
  }
  // Wakes live streams, which read the new events from the table, once the commit is visible. New instances
  // (children, or insertInstance) need no wake-up: no stream can be open on an instance before it exists. The row
  // goes along, so a create-and-wait in this process learns the instance ended without reading it back.
  if (written && commit.events.length > 0) eventsCommitted(db, [row.id], [row]);
  return written;
}
