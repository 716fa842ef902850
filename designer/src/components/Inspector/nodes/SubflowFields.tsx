/**
 * A subflow's fields: the flow type it runs and the expression giving the child's input. A draft
 * may lack its flow type while being edited, so the field reads it as possibly absent.
 */
import type { FlowNode } from "@mfo/schemas";
import { ExpressionField } from "../../ExpressionField/index.js";
import { Field } from "../Field.js";
import { errorAt } from "../field-errors.js";
import type { NodeFieldsProps } from "../node-fields.js";

export function SubflowFields({
  node,
  base,
  errors,
  readOnly,
  patch,
}: NodeFieldsProps<Extract<FlowNode, { type: "subflow" }>>) {
  return (
    <>
      <Field id="node-flow-type" label="Flow type" error={errorAt(errors, `${base}/flowType`)}>
        {(aria) => (
          <input
            {...aria}
            value={node.flowType ?? ""}
            disabled={readOnly}
            onChange={(e) => patch({ flowType: e.target.value })}
          />
        )}
      </Field>
      <ExpressionField
        id="node-input"
        label="Input (JSONata)"
        value={node.input ?? ""}
        disabled={readOnly}
        onChange={(value) => patch({ input: value || undefined })}
      />
    </>
  );
}
