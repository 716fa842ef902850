/** A wait's fields: a delay, or a time an expression gives (setting one clears the other). */
import type { FlowNode } from "@mfo/schemas";
import { ExpressionField } from "../../ExpressionField/index.js";
import { Field } from "../Field.js";
import { errorAt } from "../field-errors.js";
import type { NodeFieldsProps } from "../node-fields.js";
import { numberOrUnset } from "../number-text.js";

export function WaitFields({
  node,
  base,
  errors,
  readOnly,
  patch,
}: NodeFieldsProps<Extract<FlowNode, { type: "wait" }>>) {
  return (
    <>
      <Field
        id="node-delay"
        label="Delay (ms)"
        help="or give a time with Until"
        error={errorAt(errors, `${base}/delayMs`) ?? errorAt(errors, base)}
      >
        {(aria) => (
          <input
            {...aria}
            type="number"
            min={0}
            value={node.delayMs ?? ""}
            disabled={readOnly}
            onChange={(e) =>
              patch({ delayMs: numberOrUnset(e.target.value), ...(e.target.value ? { until: undefined } : {}) })
            }
          />
        )}
      </Field>
      <ExpressionField
        id="node-until"
        label="Until (JSONata giving an ISO time)"
        value={node.until ?? ""}
        disabled={readOnly}
        onChange={(value) => patch({ until: value || undefined, ...(value ? { delayMs: undefined } : {}) })}
      />
    </>
  );
}
