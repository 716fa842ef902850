/** An end's field: the outcome the instance ends with. */
import type { FlowNode } from "@mfo/schemas";
import { Field } from "../Field.js";
import type { NodeFieldsProps } from "../node-fields.js";

export function EndFields({ node, readOnly, patch }: NodeFieldsProps<Extract<FlowNode, { type: "end" }>>) {
  return (
    <Field id="node-outcome" label="Outcome">
      {(aria) => (
        <select
          {...aria}
          value={node.outcome ?? "completed"}
          disabled={readOnly}
          onChange={(e) => patch({ outcome: e.target.value })}
        >
          <option value="completed">completed</option>
          <option value="failed">failed</option>
        </select>
      )}
    </Field>
  );
}
