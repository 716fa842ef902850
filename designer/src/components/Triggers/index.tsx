/**
 * The Triggers panel of the editor: what starts the flow type's instances from outside, its schedules and its
 * webhooks. They start the latest published version, so a flow never published says so instead. Lists load once
 * and follow the panel's own edits; the tenant's secret names feed the webhooks' secret picker.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { Hook, Schedule } from "@mfo/schemas";
import { useEffect, useState } from "react";
import type { JsonSchema } from "../SchemaForm/index.js";
import { Hooks } from "./Hooks.js";
import { Schedules } from "./Schedules.js";
import "./triggers.css";

export { DueTimes, type DueTimesProps } from "./DueTimes.js";
export { HookForm, type HookFormProps } from "./HookForm.js";
export { Hooks, type HooksProps } from "./Hooks.js";
export { ScheduleForm, type ScheduleFormProps } from "./ScheduleForm.js";
export { Schedules, type SchedulesProps } from "./Schedules.js";

export interface TriggersPanelProps {
  api: ApiClient;
  /** The flow type; undefined for a flow not saved yet. */
  flowType: string | undefined;
  /** The latest published version; null before the first publish. */
  latest: number | null;
  /** The flow's input schema (the schedules' input form). */
  inputSchema?: JsonSchema | undefined;
  readOnly?: boolean;
  /** Where the runtime is reached from outside (default: this page's origin). */
  origin?: string;
}

/** Replaces the item with the same id (or appends it); removes `id` when `item` is undefined. */
function changed<T extends { id: string }>(items: T[], item: T | undefined, id?: string): T[] {
  if (!item) return items.filter((x) => x.id !== id);
  return items.some((x) => x.id === item.id) ? items.map((x) => (x.id === item.id ? item : x)) : [...items, item];
}

export function TriggersPanel({ api, flowType, latest, inputSchema, readOnly, origin }: TriggersPanelProps) {
  const [schedules, setSchedules] = useState<Schedule[] | undefined>();
  const [hooks, setHooks] = useState<Hook[] | undefined>();
  const [secrets, setSecrets] = useState<string[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const published = flowType !== undefined && latest !== null;
  useEffect(() => {
    if (!published) return;
    setError(undefined);
    Promise.all([api.listSchedules(flowType), api.listHooks(flowType)]).then(
      ([s, h]) => {
        setSchedules(s.items);
        setHooks(h.items);
      },
      (e: Error) => setError(e.message),
    );
    // A key that may not list secrets still sees its hooks; the picker then offers the names already in use.
    api.listSecrets().then(
      (list) => setSecrets(list.items.map((s) => s.name)),
      () => setSecrets([]),
    );
  }, [api, flowType, published]);

  return (
    <aside className="triggers" aria-label="Triggers">
      <h2>Triggers</h2>
      {!published ? (
        <p className="notice" role="status">
          Publish the flow first: schedules and webhooks start instances of its latest published version.
        </p>
      ) : error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : !schedules || !hooks ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <>
          <p className="help">They start instances of the latest published version (v{latest}).</p>
          <Schedules
            api={api}
            flowType={flowType}
            inputSchema={inputSchema}
            items={schedules}
            readOnly={readOnly}
            onChanged={(s, id) => setSchedules((list) => changed(list ?? [], s, id))}
          />
          <Hooks
            api={api}
            flowType={flowType}
            items={hooks}
            secrets={secrets}
            readOnly={readOnly}
            onChanged={(h, id) => setHooks((list) => changed(list ?? [], h, id))}
            {...(origin ? { origin } : {})}
          />
        </>
      )}
    </aside>
  );
}
