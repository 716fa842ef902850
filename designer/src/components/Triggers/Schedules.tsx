/**
 * The flow type's schedules: each row shows its cron and zone, its next due time, what its last due time did
 * (with a link to the instance it started), and Edit, Pause/Resume and Delete (asked first). Add opens the form.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { Schedule } from "@mfo/schemas";
import { useMemo, useState } from "react";
import { navigate, runPath } from "../../hooks/useRoute.js";
import { ConfirmDialog } from "../ConfirmDialog/index.js";
import type { JsonSchema } from "../SchemaForm/index.js";
import { ScheduleForm } from "./ScheduleForm.js";
import { browserTimeZone, dueInBothZones, formatDue } from "./trigger-text.js";

export interface SchedulesProps {
  api: ApiClient;
  flowType: string;
  inputSchema?: JsonSchema | undefined;
  items: Schedule[];
  /** Replaces one schedule in the list (or adds it); undefined with an id removes it. */
  onChanged(schedule: Schedule | undefined, id?: string): void;
  readOnly?: boolean;
}

export function Schedules({ api, flowType, inputSchema, items, onChanged, readOnly }: SchedulesProps) {
  const userZone = useMemo(browserTimeZone, []);
  /** The schedule being edited; "new" for the add form. */
  const [editing, setEditing] = useState<string | undefined>();
  const [removing, setRemoving] = useState<Schedule | undefined>();
  const [error, setError] = useState<string | undefined>();
  const act = (call: Promise<Schedule>) =>
    call.then(
      (s) => {
        setError(undefined);
        onChanged(s);
      },
      (e: Error) => setError(e.message),
    );
  const form = (schedule?: Schedule) => (
    <ScheduleForm
      api={api}
      flowType={flowType}
      inputSchema={inputSchema}
      schedule={schedule}
      onCancel={() => setEditing(undefined)}
      onSaved={(s) => {
        setEditing(undefined);
        onChanged(s);
      }}
    />
  );
  return (
    <section className="triggers-section" aria-labelledby="schedules-heading">
      <div className="section-head">
        <h3 id="schedules-heading">Schedules</h3>
        <button type="button" onClick={() => setEditing("new")} disabled={readOnly || editing === "new"}>
          Add schedule
        </button>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {editing === "new" ? form() : null}
      {items.length === 0 && editing !== "new" ? <p className="help">No schedules.</p> : null}
      <ul className="trigger-rows">
        {items.map((s) => {
          const next = s.nextDue[0];
          const shown = next ? dueInBothZones(next, s.timezone, userZone) : undefined;
          return (
            <li key={s.id} className="trigger-row" aria-label={`Schedule ${s.name}`}>
              <div className="trigger-row-head">
                <strong>{s.name}</strong> <code>{s.cron}</code> <span className="help">{s.timezone}</span>
                {s.enabled ? null : <span className="status status-paused">paused</span>}
              </div>
              <p>
                Next:{" "}
                {shown && next ? (
                  <time dateTime={next}>{shown.user}</time>
                ) : (
                  <span className="help">{s.enabled ? "none" : "paused"}</span>
                )}
                {shown?.there ? <span className="help"> ({shown.there})</span> : null}
              </p>
              {s.lastRun ? <LastRun run={s.lastRun} userZone={userZone} /> : null}
              <div className="trigger-actions">
                <button type="button" disabled={readOnly} onClick={() => setEditing(s.id)}>
                  Edit
                </button>
                {s.enabled ? (
                  <button type="button" disabled={readOnly} onClick={() => act(api.pauseSchedule(flowType, s.id))}>
                    Pause
                  </button>
                ) : (
                  <button type="button" disabled={readOnly} onClick={() => act(api.resumeSchedule(flowType, s.id))}>
                    Resume
                  </button>
                )}
                <button type="button" disabled={readOnly} onClick={() => setRemoving(s)}>
                  Delete
                </button>
              </div>
              {editing === s.id ? form(s) : null}
            </li>
          );
        })}
      </ul>
      {removing ? (
        <ConfirmDialog
          title={`Delete the schedule “${removing.name}”?`}
          confirm="Delete"
          danger
          onCancel={() => setRemoving(undefined)}
          onConfirm={async () => {
            await api.deleteSchedule(flowType, removing.id);
            setRemoving(undefined);
            onChanged(undefined, removing.id);
          }}
        >
          <p>It fires no more. The instances it started are kept.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** Which status colour an outcome borrows. */
const OUTCOME_LOOK = { started: "completed", skipped: "paused", failed: "failed" } as const;

function LastRun({ run, userZone }: { run: NonNullable<Schedule["lastRun"]>; userZone: string }) {
  const when = formatDue(run.due, userZone);
  return (
    <p>
      Last: {when}, <span className={`status status-${OUTCOME_LOOK[run.outcome]}`}>{run.outcome}</span>
      {run.instanceId ? (
        <>
          {" "}
          <a
            href={runPath(run.instanceId)}
            onClick={(e) => {
              e.preventDefault();
              navigate(runPath(run.instanceId as string));
            }}
          >
            open instance
          </a>
        </>
      ) : null}
      {run.message ? <span className="help"> {run.message}</span> : null}
    </p>
  );
}
