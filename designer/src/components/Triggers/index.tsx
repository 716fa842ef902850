/**
 * The Triggers panel of the editor: what starts the flow type's instances from outside, its schedules and its
 * webhooks. They start the latest published version, so a flow never published says so instead. Lists load once
 * and follow the panel's own edits; the tenant's secret names feed the webhooks' secret picker.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { Hook, Schedule } from "@mfo/schemas";
import { type ReactNode, useEffect, useState } from "react";
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

/** How often the open panel asks for the schedules again (their next due times move on as they fire). */
export const SCHEDULES_REFRESH_MS = 10_000;

/** Replaces the item with the same id (or appends it); removes `id` when `item` is undefined. */
function changed<T extends { id: string }>(items: T[], item: T | undefined, id?: string): T[] {
  if (!item) return items.filter((x) => x.id !== id);
  return items.some((x) => x.id === item.id) ? items.map((x) => (x.id === item.id ? item : x)) : [...items, item];
}

export function TriggersPanel({ api, flowType, latest, inputSchema, readOnly, origin }: TriggersPanelProps) {
  const [schedules, setSchedules] = useState<Schedule[] | undefined>();
  const [hooks, setHooks] = useState<Hook[] | undefined>();
  const [secrets, setSecrets] = useState<string[] | undefined>();
  const [errors, setErrors] = useState<{ schedules?: string; hooks?: string }>({});
  const published = flowType !== undefined && latest !== null;
  useEffect(() => {
    if (!published) return;
    setErrors({});
    // Each list loads on its own: one that fails says so in its section, the other still works.
    api.listSchedules(flowType).then(
      (list) => setSchedules(list.items),
      (e: Error) => setErrors((x) => ({ ...x, schedules: e.message })),
    );
    api.listHooks(flowType).then(
      (list) => setHooks(list.items),
      (e: Error) => setErrors((x) => ({ ...x, hooks: e.message })),
    );
    // A key that may not list secrets still sees its hooks; the picker then offers no names.
    api.listSecrets().then(
      (list) => setSecrets(list.items.map((s) => s.name)),
      () => setSecrets([]),
    );
  }, [api, flowType, published]);

  // Due times pass and schedules fire while the panel is open: their next due time and last run are asked again.
  useEffect(() => {
    if (!published) return;
    const timer = setInterval(() => {
      api.listSchedules(flowType).then(
        (list) => setSchedules(list.items),
        () => {},
      );
    }, SCHEDULES_REFRESH_MS);
    return () => clearInterval(timer);
  }, [api, flowType, published]);

  const section = (title: string, error: string | undefined, loaded: boolean, body: () => ReactNode) =>
    error ? (
      <section className="triggers-section" aria-label={title}>
        <h3>{title}</h3>
        <p role="alert" className="error">
          {error}
        </p>
      </section>
    ) : loaded ? (
      body()
    ) : (
      <p aria-busy="true">Loading {title.toLowerCase()}…</p>
    );

  return (
    <aside className="triggers" aria-label="Triggers">
      <h2>Triggers</h2>
      {!published ? (
        <p className="notice" role="status">
          Publish the flow first: schedules and webhooks start instances of its latest published version.
        </p>
      ) : (
        <>
          <p className="help">They start instances of the latest published version (v{latest}).</p>
          {section("Schedules", errors.schedules, schedules !== undefined, () => (
            <Schedules
              api={api}
              flowType={flowType}
              inputSchema={inputSchema}
              items={schedules ?? []}
              readOnly={readOnly}
              onChanged={(s, id) => setSchedules((list) => changed(list ?? [], s, id))}
            />
          ))}
          {section("Webhooks", errors.hooks, hooks !== undefined, () => (
            <Hooks
              api={api}
              flowType={flowType}
              items={hooks ?? []}
              secrets={secrets}
              readOnly={readOnly}
              onChanged={(h, id) => setHooks((list) => changed(list ?? [], h, id))}
              {...(origin ? { origin } : {})}
            />
          ))}
        </>
      )}
    </aside>
  );
}
