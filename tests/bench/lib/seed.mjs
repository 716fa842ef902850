// Stored history for the benchmarks: copies of one real finished instance (its instances row, its events and its
// phase_runs), inserted straight into PostgreSQL with INSERT ... SELECT over generate_series, so a database holds a
// million finished instances in minutes instead of the hours running them would take. Copying a real row rather
// than describing one keeps the seeded rows shaped exactly like what the runtime writes today, whatever it writes.
//
// Seeding 1,000,000 instances with all their rows (20 events and 5 phase runs each, ~6.4 GB with indexes) took
// 140-190 s on the 2-core benchmark machine, so nothing is left out to save time.
import pg from "pg";

/** Instances per statement: enough that statement overhead vanishes, few enough for progress about every second. */
const CHUNK = 5_000;
/** How far back the seeded instances' creation times are spread. */
const SPREAD = "7 days";

/**
 * Inserts `count` completed instances of `flowTypeId`@`version` into the database at `databaseUrl`, each a copy
 * of the newest completed instance of that flow (run one through the API first) with a fresh id and its own
 * creation time in the last week, with the same events and phase runs at the same offsets. Finished instances
 * have no timers due, so none are written. Calls `onProgress(done, count)` after every chunk, then VACUUM ANALYZEs
 * the tables so the planner sees their real sizes. Returns { seconds, events, phaseRuns } (rows per instance).
 */
export async function seedCompleted(databaseUrl, options) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await seedCompletedOn(db, options);
  } finally {
    await db.end();
  }
}

/**
 * seedCompleted on an open connection `db`: anything with pg's `query(text, params)` answering `{ rows }`, such
 * as a pg.Client or an embedded PGlite opened on a stopped runtime's data directory.
 */
export async function seedCompletedOn(db, { tenantId = "default", flowTypeId, version, count, onProgress }) {
  const started = performance.now();
  const template = await readTemplate(db, tenantId, flowTypeId, version);
  for (let done = 0; done < count; ) {
    const n = Math.min(CHUNK, count - done);
    await db.query(COPY_TEMPLATE, [template.id, n, JSON.stringify(template.events), JSON.stringify(template.runs)]);
    done += n;
    onProgress?.(done, count);
  }
  // VACUUM as well as ANALYZE: it leaves the pages as autovacuum would in a database that has held them for a
  // while (hint bits set, all-visible), so the first reads in a measurement do not pay for writing them.
  await db.query("vacuum (analyze) instances, events, phase_runs");
  return {
    seconds: (performance.now() - started) / 1000,
    events: template.events.length,
    phaseRuns: template.runs.length,
  };
}

/** The newest completed instance of the flow, with its events and phase runs as offsets from its creation. */
async function readTemplate(db, tenantId, flowTypeId, version) {
  const found = await db.query(
    `select id from instances
      where tenant_id = $1 and flow_type_id = $2 and version = $3 and status = 'completed' and deleted_at is null
      order by finished_at desc limit 1`,
    [tenantId, flowTypeId, version],
  );
  const id = found.rows[0]?.id;
  if (!id) throw new Error(`seedCompleted: no completed instance of ${flowTypeId}@${version} to copy; run one first`);
  const events = await db.query(
    `select e.seq, e.type, e.node_id, extract(epoch from e.at - i.created_at)::float8 * 1000 as offset_ms, e.data
       from events e join instances i on i.id = e.instance_id
      where e.instance_id = $1 order by e.seq`,
    [id],
  );
  const runs = await db.query(
    `select r.node_id, r.status, r.attempts, r.duration_ms,
            extract(epoch from r.started_at - i.created_at)::float8 * 1000 as started_ms,
            extract(epoch from r.finished_at - i.created_at)::float8 * 1000 as finished_ms
       from phase_runs r join instances i on i.id = r.instance_id
      where r.instance_id = $1 order by r.id`,
    [id],
  );
  return { id, events: events.rows, runs: runs.rows };
}

// One statement per chunk: the copies of the template row ($1, $2 of them), then their events ($3) and phase runs
// ($4) as JSON recordsets joined to the new ids. random() sits in a subquery so each copy gets its own time.
const COPY_TEMPLATE = `
with template as (select * from instances where id = $1),
seeded as (
  insert into instances (id, tenant_id, flow_type_id, version, name, status, snapshot, context, current_nodes, rev,
                         created_at, updated_at, finished_at)
  select gen_random_uuid(), t.tenant_id, t.flow_type_id, t.version, t.name, t.status, t.snapshot, t.context,
         t.current_nodes, t.rev, s.at, s.at + (t.updated_at - t.created_at), s.at + (t.finished_at - t.created_at)
    from template t
   cross join (select now() - random() * interval '${SPREAD}' as at from generate_series(1, $2)) s
  returning id, tenant_id, flow_type_id, created_at
),
seeded_events as (
  insert into events (instance_id, tenant_id, seq, type, node_id, at, data)
  select s.id, s.tenant_id, e.seq, e.type, e.node_id, s.created_at + e.offset_ms * interval '1 millisecond', e.data
    from seeded s
   cross join jsonb_to_recordset($3::jsonb) as e(seq int, type text, node_id text, offset_ms float8, data jsonb)
)
insert into phase_runs (tenant_id, instance_id, flow_type_id, node_id, status, attempts, started_at, finished_at,
                        duration_ms)
select s.tenant_id, s.id, s.flow_type_id, r.node_id, r.status, r.attempts,
       s.created_at + r.started_ms * interval '1 millisecond', s.created_at + r.finished_ms * interval '1 millisecond',
       r.duration_ms
  from seeded s
 cross join jsonb_to_recordset($4::jsonb) as r(node_id text, status text, attempts int, duration_ms int,
                                               started_ms float8, finished_ms float8)`;
