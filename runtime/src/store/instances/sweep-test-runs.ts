/**
 * Removing test runs of drafts once they are older than MFO_TEST_RUN_RETENTION: each test instance created before
 * the cut-off (ended or not: a test left waiting at an approval goes too) with its events, timers, node
 * attempts and correlated-event waits, hard-deleted in one statement per batch, then the test revisions nobody used since the cut-off. Test
 * instances write no phase runs (rows.ts), so there are none to remove.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "../database.js";
import { runStatement } from "../statements.js";

/** Removes at most `limit` test instances created before `cutoff`; returns how many it removed. */
export async function sweepTestInstances(db: Executor, cutoff: Date, limit: number): Promise<number> {
  const [row] = await runStatement(
    db,
    "mfo_sweep_test_instances",
    sql`
    with doomed as (
      select id from instances
      where test_revision is not null and created_at < ${cutoff.toISOString()}::timestamptz
      order by created_at
      limit ${limit}::int
      for update skip locked
    ),
    gone_events as (delete from events where instance_id in (select id from doomed)),
    gone_timers as (delete from timers where instance_id in (select id from doomed)),
    gone_attempts as (delete from node_attempts where instance_id in (select id from doomed)),
    gone_waits as (delete from event_waits where instance_id in (select id from doomed)),
    gone as (delete from instances where id in (select id from doomed) returning 1)
    select count(*)::int as n from gone`,
  );
  return (row?.n as number | undefined) ?? 0;
}

/**
 * Removes test revisions last used before `cutoff` (a test run reusing one marks it used: its created_at is
 * moved on), keeping each flow type's highest: its number must never be handed out again, since compiled test
 * revisions are cached by number. An instance pinned to a removed revision was created before the cut-off: run this
 * once the instance sweep has caught up (it removed them all).
 */
export async function sweepTestRevisions(db: Executor, cutoff: Date): Promise<number> {
  const [row] = await runStatement(
    db,
    "mfo_sweep_test_revisions",
    sql`
    with gone as (
      delete from test_revisions r
      where r.created_at < ${cutoff.toISOString()}::timestamptz
        and r.revision < (select max(m.revision) from test_revisions m
          where m.tenant_id = r.tenant_id and m.flow_type_id = r.flow_type_id)
      returning 1
    )
    select count(*)::int as n from gone`,
  );
  return (row?.n as number | undefined) ?? 0;
}
