/**
 * A wait's fields: what it waits for, Delay, Until or Event (choosing one clears the others' fields), then that
 * mode's fields: a delay in ms; a JSONata expression giving a time; or a correlated event's name, its key (a
 * literal or an "=" expression over the context) and an optional timeout (its edges then say event or timeout).
 */
import type { FlowNode } from "@mfo/schemas";
import { ExpressionField } from "../../ExpressionField/index.js";
import { Field } from "../Field.js";
import { errorAt } from "../field-errors.js";
import type { NodeFieldsProps } from "../node-fields.js";
import { numberOrUnset } from "../number-text.js";

type WaitNode = Extract<FlowNode, { type: "wait" }>;
type Mode = "delay" | "until" | "event";

/** Which mode a wait is in (a new wait with none of the three shows Delay). */
export const waitMode = (node: WaitNode): Mode => (node.event ? "event" : node.until !== undefined ? "until" : "delay");

/** The fields that switch the wait to `mode`: the mode's starting value, the others cleared. */
function switchTo(mode: Mode): Record<string, unknown> {
  if (mode === "event") return { delayMs: undefined, until: undefined, event: { name: "", key: "" } };
  if (mode === "until") return { delayMs: undefined, event: undefined, until: "" };
  return { until: undefined, event: undefined, delayMs: 0 };
}

const KEY_PREFIX = "=";

export function WaitFields({ node, base, errors, readOnly, patch }: NodeFieldsProps<WaitNode>) {
  const mode = waitMode(node);
  const event = node.event ?? { name: "", key: "" };
  // Fields set to undefined are left out: the event object is stored as it is, and its schema allows no undefined.
  const patchEvent = (fields: Record<string, unknown>) =>
    patch({ event: Object.fromEntries(Object.entries({ ...event, ...fields }).filter(([, v]) => v !== undefined)) });
  const keyIsExpression = event.key.startsWith(KEY_PREFIX);
  return (
    <>
      <Field id="node-wait-mode" label="Waits for" error={errorAt(errors, base)}>
        {(aria) => (
          <select {...aria} value={mode} disabled={readOnly} onChange={(e) => patch(switchTo(e.target.value as Mode))}>
            <option value="delay">Delay</option>
            <option value="until">Until a time</option>
            <option value="event">Event</option>
          </select>
        )}
      </Field>
      {mode === "delay" ? (
        <Field id="node-delay" label="Delay (ms)" error={errorAt(errors, `${base}/delayMs`)}>
          {(aria) => (
            <input
              {...aria}
              type="number"
              min={0}
              value={node.delayMs ?? ""}
              disabled={readOnly}
              onChange={(e) => patch({ delayMs: numberOrUnset(e.target.value) })}
            />
          )}
        </Field>
      ) : null}
      {mode === "until" ? (
        <ExpressionField
          id="node-until"
          label="Until (JSONata giving an ISO time)"
          value={node.until ?? ""}
          disabled={readOnly}
          invalid={errorAt(errors, `${base}/until`) !== undefined}
          onChange={(value) => patch({ until: value })}
        />
      ) : null}
      {mode === "event" ? (
        <>
          <Field
            id="node-event-name"
            label="Event name"
            help="POST /events with this name wakes it, e.g. payment.received"
            error={errorAt(errors, `${base}/event/name`) ?? errorAt(errors, `${base}/event`)}
          >
            {(aria) => (
              <input
                {...aria}
                value={event.name}
                disabled={readOnly}
                placeholder="payment.received"
                onChange={(e) => patchEvent({ name: e.target.value.trim() })}
              />
            )}
          </Field>
          <Field
            id="node-event-key-kind"
            label="Correlation key"
            help="the event's key must equal it; an expression reads the context, e.g. input.orderId"
          >
            {(aria) => (
              <select
                {...aria}
                value={keyIsExpression ? "expression" : "literal"}
                disabled={readOnly}
                onChange={(e) =>
                  patchEvent({
                    key:
                      e.target.value === "expression"
                        ? `${KEY_PREFIX}${event.key}`
                        : event.key.slice(KEY_PREFIX.length),
                  })
                }
              >
                <option value="literal">a fixed value</option>
                <option value="expression">an expression (JSONata)</option>
              </select>
            )}
          </Field>
          {keyIsExpression ? (
            <ExpressionField
              id="node-event-key"
              label="Key expression"
              value={event.key.slice(KEY_PREFIX.length)}
              disabled={readOnly}
              invalid={errorAt(errors, `${base}/event/key`) !== undefined}
              placeholder="input.orderId"
              onChange={(value) => patchEvent({ key: `${KEY_PREFIX}${value}` })}
            />
          ) : (
            <Field id="node-event-key" label="Key" error={errorAt(errors, `${base}/event/key`)}>
              {(aria) => (
                <input
                  {...aria}
                  value={event.key}
                  disabled={readOnly}
                  onChange={(e) => patchEvent({ key: e.target.value })}
                />
              )}
            </Field>
          )}
          <Field
            id="node-event-timeout"
            label="Timeout (ms)"
            help="optional: then its edges say whether the event came (event) or not (timeout)"
            error={errorAt(errors, `${base}/event/timeoutMs`)}
          >
            {(aria) => (
              <input
                {...aria}
                type="number"
                min={1}
                value={event.timeoutMs ?? ""}
                placeholder="wait for ever"
                disabled={readOnly}
                onChange={(e) => patchEvent({ timeoutMs: numberOrUnset(e.target.value) })}
              />
            )}
          </Field>
        </>
      ) : null}
    </>
  );
}
