/**
 * Adds or edits a schedule: name, cron expression (with its syntax and examples), IANA time zone (the browser's
 * by default, searchable), the input of each instance (a form from the flow's input schema, or JSON), enabled,
 * overlap and catch-up. The next 5 due times follow the typing (useSchedulePreview), in the user's zone and the
 * schedule's. The runtime's 422 errors show on the fields they name.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import { FlowServiceError } from "@mfo/client";
import type { Schedule, ScheduleRequest } from "@mfo/schemas";
import { type FormEvent, useId, useMemo, useState } from "react";
import { Field } from "../Inspector/Field.js";
import { type FieldError, type JsonSchema, relativeErrors, SchemaForm } from "../SchemaForm/index.js";
import { DueTimes } from "./DueTimes.js";
import { FormActions, WholeNumberInput } from "./FormParts.js";
import { browserTimeZone, CRON_EXAMPLES, errorsByField, timeZones } from "./trigger-text.js";
import { useSchedulePreview } from "./useSchedulePreview.js";

export interface ScheduleFormProps {
  api: ApiClient;
  flowType: string;
  /** The flow's input schema: the input is a form from it (JSON text without one). */
  inputSchema?: JsonSchema | undefined;
  /** The schedule edited; absent: a new one. */
  schedule?: Schedule | undefined;
  onSaved(schedule: Schedule): void;
  onCancel(): void;
}

type Overlap = NonNullable<ScheduleRequest["overlap"]>;
type CatchUp = "none" | "latest" | "all";

export function ScheduleForm({ api, flowType, inputSchema, schedule, onSaved, onCancel }: ScheduleFormProps) {
  const id = useId();
  const userZone = useMemo(browserTimeZone, []);
  const zones = useMemo(timeZones, []);
  const [name, setName] = useState(schedule?.name ?? "");
  const [cron, setCron] = useState(schedule?.cron ?? "");
  const [timezone, setTimezone] = useState(schedule?.timezone ?? userZone);
  const [input, setInput] = useState<unknown>(schedule?.input ?? {});
  const [inputText, setInputText] = useState(() => JSON.stringify(schedule?.input ?? {}, null, 2));
  const [enabled, setEnabled] = useState(schedule?.enabled ?? true);
  const [overlap, setOverlap] = useState<Overlap>(schedule?.overlap ?? "skip");
  const [catchUp, setCatchUp] = useState<CatchUp>(schedule?.catchUp.policy ?? "latest");
  const [limit, setLimit] = useState(schedule?.catchUp.limit ?? 10);
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** The 422's errors under /input, for the input form's own fields. */
  const [inputErrors, setInputErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const preview = useSchedulePreview(api, cron, timezone);
  const shownErrors = { ...preview.errors, ...errors };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let value = input;
    if (!inputSchema) {
      try {
        value = JSON.parse(inputText);
      } catch {
        setErrors({ input: "the input is not valid JSON" });
        return;
      }
    }
    const body: ScheduleRequest = {
      ...(name ? { name } : {}),
      cron,
      timezone,
      input: value as object,
      enabled,
      overlap,
      catchUp: catchUp === "all" ? { policy: "all", limit } : { policy: catchUp },
    };
    setBusy(true);
    setErrors({});
    setInputErrors([]);
    try {
      onSaved(
        schedule ? await api.updateSchedule(flowType, schedule.id, body) : await api.createSchedule(flowType, body),
      );
    } catch (err) {
      const found = err instanceof FlowServiceError ? err.errors : [];
      const fields = errorsByField(found);
      setInputErrors(relativeErrors(found, "/input"));
      setErrors(Object.keys(fields).length > 0 ? fields : { "": (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="trigger-form"
      aria-label={schedule ? `Edit schedule ${schedule.name}` : "New schedule"}
      onSubmit={submit}
    >
      <Field id={`${id}-name`} label="Name" error={shownErrors.name}>
        {(aria) => (
          <input {...aria} value={name} placeholder="nightly review" onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <Field
        id={`${id}-cron`}
        label="Cron expression"
        help="minute hour day-of-month month day-of-week; six fields put seconds first"
        error={shownErrors.cron}
      >
        {(aria) => (
          <input
            {...aria}
            className="code"
            value={cron}
            required
            spellCheck={false}
            autoComplete="off"
            placeholder="30 2 * * *"
            onChange={(e) => setCron(e.target.value)}
          />
        )}
      </Field>
      <details className="cron-examples">
        <summary>Examples</summary>
        <ul>
          {CRON_EXAMPLES.map((x) => (
            <li key={x.cron}>
              <button type="button" className="quiet" onClick={() => setCron(x.cron)}>
                <code>{x.cron}</code>
              </button>{" "}
              {x.meaning}
            </li>
          ))}
        </ul>
      </details>
      <Field
        id={`${id}-zone`}
        label="Time zone"
        help="the zone the expression is read in (type to search)"
        error={shownErrors.timezone}
      >
        {(aria) => (
          <>
            <input
              {...aria}
              list={`${id}-zones`}
              value={timezone}
              required
              autoComplete="off"
              onChange={(e) => setTimezone(e.target.value)}
            />
            <datalist id={`${id}-zones`}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <section className="due-preview" aria-label="Next due times" aria-busy={preview.loading}>
        <h4>Next due times</h4>
        {cron.trim() === "" ? (
          <p className="help">Type an expression to see when it fires.</p>
        ) : (
          <DueTimes nextDue={preview.nextDue} zone={timezone} userZone={userZone} />
        )}
      </section>
      {inputSchema ? (
        <fieldset className="params">
          <legend>Input</legend>
          <SchemaForm
            schema={inputSchema}
            value={input}
            onChange={setInput}
            idPrefix={`${id}-input`}
            expressions={false}
            errors={inputErrors}
          />
        </fieldset>
      ) : (
        <Field id={`${id}-input`} label="Input (JSON)" error={shownErrors.input}>
          {(aria) => (
            <textarea
              {...aria}
              className="code"
              rows={3}
              value={inputText}
              spellCheck={false}
              onChange={(e) => setInputText(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field id={`${id}-enabled`} label="Enabled" help="a paused schedule fires nothing until resumed">
        {(aria) => <input {...aria} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />}
      </Field>
      <Field id={`${id}-overlap`} label="When the previous instance is still running" error={shownErrors.overlap}>
        {(aria) => (
          <select {...aria} value={overlap} onChange={(e) => setOverlap(e.target.value as Overlap)}>
            <option value="skip">skip this due time</option>
            <option value="allow">start another anyway</option>
            <option value="cancel-previous">cancel the previous one first</option>
          </select>
        )}
      </Field>
      <Field id={`${id}-catch-up`} label="After downtime" error={shownErrors.catchUp}>
        {(aria) => (
          <select {...aria} value={catchUp} onChange={(e) => setCatchUp(e.target.value as CatchUp)}>
            <option value="none">skip the due times missed</option>
            <option value="latest">fire the last one missed</option>
            <option value="all">fire each one missed, up to a limit</option>
          </select>
        )}
      </Field>
      {catchUp === "all" ? (
        <Field id={`${id}-limit`} label="At most">
          {(aria) => <WholeNumberInput {...aria} value={limit} onValue={setLimit} />}
        </Field>
      ) : null}
      {shownErrors[""] ? (
        <p role="alert" className="error">
          {shownErrors[""]}
        </p>
      ) : null}
      <FormActions submit={schedule ? "Save schedule" : "Add schedule"} busy={busy} onCancel={onCancel} />
    </form>
  );
}
