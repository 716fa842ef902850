/**
 * Which runtime process committed each event, for tests that run several processes on one PostgreSQL. Each
 * process connects with its own `application_name` (a standard connection-string parameter), and a trigger the
 * test installs in its throwaway database notes that name beside every event inserted. The runtime is not
 * changed, and a process cannot misreport itself: the name comes from the session that committed the event.
 */
import type { ClientBase } from "pg";
import type { FlowEvent } from "./flow-history.js";

/** An event of an instance and the process that committed it (null for events from before the trigger). */
export interface WrittenEvent extends FlowEvent {
  writer: string | null;
}

/** `databaseUrl` with an `application_name`, so every connection of the process using it carries `name`. */
export function withApplicationName(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set("application_name", name);
  return url.toString();
}

/**
 * Starts recording the writer of every event inserted from now on. Call it once the runtime has migrated the
 * database (the events table exists) and before any instance runs.
 */
export async function recordEventWriters(client: ClientBase): Promise<void> {
  await client.query(`
    create table test_event_writer (event_id bigint primary key, writer text not null);
    create function test_note_event_writer() returns trigger language plpgsql as $$
    begin
      insert into test_event_writer (event_id, writer) values (new.id, current_setting('application_name'));
      return null;
    end $$;
    create trigger test_note_event_writer after insert on events
      for each row execute function test_note_event_writer();
  `);
}

/** Every event of every instance of `flowType`, by instance id, in seq order, each with its writer. */
export async function eventsByInstance(client: ClientBase, flowType: string): Promise<Map<string, WrittenEvent[]>> {
  const { rows } = await client.query<{
    instance_id: string;
    seq: number;
    type: string;
    node_id: string | null;
    at: Date;
    data: Record<string, unknown> | null;
    writer: string | null;
  }>(
    `select e.instance_id, e.seq, e.type, e.node_id, e.at, e.data, w.writer
       from events e
       join instances i on i.id = e.instance_id
       left join test_event_writer w on w.event_id = e.id
      where i.flow_type_id = $1
      order by e.instance_id, e.seq`,
    [flowType],
  );
  const byInstance = new Map<string, WrittenEvent[]>();
  for (const row of rows) {
    const list = byInstance.get(row.instance_id) ?? [];
    if (list.length === 0) byInstance.set(row.instance_id, list);
    list.push({
      seq: row.seq,
      type: row.type,
      nodeId: row.node_id,
      at: row.at.toISOString(),
      ...(row.data ? { data: row.data } : {}),
      writer: row.writer,
    });
  }
  return byInstance;
}
