/** A phase's validators: each one's type and a params form from its catalogue entry; add, change, remove. */
import type { FlowNode } from "@mfo/schemas";
import { relativeErrors, SchemaForm } from "../../SchemaForm/index.js";
import { Field } from "../Field.js";
import { errorAt } from "../field-errors.js";
import type { NodeFieldsProps } from "../node-fields.js";

export function ValidatorList({
  node,
  base,
  catalogue,
  errors,
  readOnly,
  patch,
}: NodeFieldsProps<Extract<FlowNode, { type: "phase" }>>) {
  return (
    <fieldset className="validators">
      <legend>Validators</legend>
      {(node.validators ?? []).map((ref, i) => {
        const v = catalogue?.validators.find((c) => c.name === ref.type);
        const list = node.validators ?? [];
        const set = (next: typeof list) => patch({ validators: next.length > 0 ? next : undefined });
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: validators have no id of their own; the list is only appended to, edited in place or cut
          <div key={`${i}-${ref.type}`} className="validator">
            <Field
              id={`validator-${i}-type`}
              label={`Validator ${i + 1}`}
              error={errorAt(errors, `${base}/validators/${i}/type`)}
            >
              {(aria) => (
                <select
                  {...aria}
                  value={ref.type}
                  disabled={readOnly}
                  onChange={(e) => set(list.map((r, j) => (j === i ? { type: e.target.value } : r)))}
                >
                  {(catalogue?.validators ?? []).map((c) => (
                    <option key={c.name} value={c.name}>
                      {c.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {v ? (
              <SchemaForm
                schema={v.paramsSchema}
                value={ref.params ?? {}}
                onChange={(value) =>
                  set(list.map((r, j) => (j === i ? { ...r, params: value as Record<string, unknown> } : r)))
                }
                errors={relativeErrors(errors, `${base}/validators/${i}/params`)}
                idPrefix={`validator-${i}`}
                disabled={readOnly}
              />
            ) : null}
            <button type="button" disabled={readOnly} onClick={() => set(list.filter((_, j) => j !== i))}>
              Remove validator
            </button>
          </div>
        );
      })}
      <button
        type="button"
        disabled={readOnly || !catalogue?.validators.length}
        onClick={() =>
          patch({ validators: [...(node.validators ?? []), { type: catalogue?.validators[0]?.name ?? "required" }] })
        }
      >
        Add validator
      </button>
    </fieldset>
  );
}
