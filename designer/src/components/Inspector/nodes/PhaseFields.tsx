/**
 * A phase's fields: its handler, with a params form generated from the handler's params schema (served by the
 * runtime's catalogue), its trigger, retry, timeout and error policy, and its validators.
 */
import type { FlowNode } from "@mfo/schemas";
import { relativeErrors, SchemaForm } from "../../SchemaForm/index.js";
import { Field } from "../Field.js";
import { errorAt } from "../field-errors.js";
import type { NodeFieldsProps } from "../node-fields.js";
import { numberOrUnset } from "../number-text.js";
import { ValidatorList } from "./ValidatorList.js";

type PhaseNode = Extract<FlowNode, { type: "phase" }>;

export function PhaseFields(props: NodeFieldsProps<PhaseNode>) {
  const { node, base, doc, catalogue, errors, readOnly, patch } = props;
  const entry = catalogue?.handlers.find((h) => h.name === node.handler);
  return (
    <>
      <Field id="node-handler" label="Handler" help={entry?.description} error={errorAt(errors, `${base}/handler`)}>
        {(aria) => (
          <select
            {...aria}
            value={node.handler}
            disabled={readOnly}
            onChange={(e) => patch({ handler: e.target.value, params: undefined })}
          >
            {(catalogue?.handlers ?? []).map((h) => (
              <option key={h.name} value={h.name}>
                {h.title} ({h.name})
              </option>
            ))}
            {entry ? null : <option value={node.handler}>{node.handler} (unknown)</option>}
          </select>
        )}
      </Field>
      {entry ? (
        <fieldset className="params">
          <legend>Params</legend>
          <SchemaForm
            schema={entry.paramsSchema}
            value={node.params ?? {}}
            onChange={(value) => patch({ params: value })}
            errors={relativeErrors(errors, `${base}/params`)}
            idPrefix="params"
            disabled={readOnly}
          />
        </fieldset>
      ) : null}
      <Field id="node-trigger" label="Trigger" help="manual waits for an operator to execute it">
        {(aria) => (
          <select
            {...aria}
            value={node.trigger ?? "auto"}
            disabled={readOnly}
            onChange={(e) => patch({ trigger: e.target.value === "auto" ? undefined : e.target.value })}
          >
            <option value="auto">auto</option>
            <option value="manual">manual</option>
          </select>
        )}
      </Field>
      <Field
        id="node-attempts"
        label="Attempts"
        help="retries with exponential backoff"
        error={errorAt(errors, `${base}/retry/maxAttempts`)}
      >
        {(aria) => (
          <input
            {...aria}
            type="number"
            min={1}
            value={node.retry?.maxAttempts ?? ""}
            placeholder="flow default"
            disabled={readOnly}
            onChange={(e) => {
              const maxAttempts = numberOrUnset(e.target.value);
              patch({ retry: maxAttempts === undefined ? undefined : { ...node.retry, maxAttempts } });
            }}
          />
        )}
      </Field>
      <Field id="node-timeout" label="Timeout (ms)" error={errorAt(errors, `${base}/timeoutMs`)}>
        {(aria) => (
          <input
            {...aria}
            type="number"
            min={1}
            value={node.timeoutMs ?? ""}
            placeholder="flow default"
            disabled={readOnly}
            onChange={(e) => patch({ timeoutMs: numberOrUnset(e.target.value) })}
          />
        )}
      </Field>
      <Field
        id="node-on-error"
        label="On error"
        error={errorAt(errors, `${base}/onError`) ?? errorAt(errors, `${base}/onError/goto`)}
      >
        {(aria) => (
          <select
            {...aria}
            value={typeof node.onError === "object" ? `goto:${node.onError.goto}` : (node.onError ?? "fail")}
            disabled={readOnly}
            onChange={(e) => {
              const v = e.target.value;
              patch({ onError: v === "fail" ? undefined : v.startsWith("goto:") ? { goto: v.slice(5) } : v });
            }}
          >
            <option value="fail">fail the flow</option>
            <option value="continue">continue</option>
            {doc.nodes
              .filter((n) => n.id !== node.id && n.type !== "start")
              .map((n) => (
                <option key={n.id} value={`goto:${n.id}`}>
                  go to {n.id}
                </option>
              ))}
          </select>
        )}
      </Field>
      <ValidatorList {...props} />
    </>
  );
}
