/** The fields every node has, whatever its type: its id and its label. */
import type { FlowNode, ValidationError } from "@mfo/schemas";
import { Field } from "./Field.js";
import { errorAt } from "./field-errors.js";

export interface CommonNodeFieldsProps {
  node: FlowNode;
  /** The node's JSON pointer in the document. */
  base: string;
  errors: readonly ValidationError[];
  readOnly: boolean;
  patch(fields: Record<string, unknown>): void;
}

export function CommonNodeFields({ node, base, errors, readOnly, patch }: CommonNodeFieldsProps) {
  return (
    <>
      <Field id="node-id" label="Id" error={errorAt(errors, `${base}/id`)}>
        {(aria) => (
          <input {...aria} value={node.id} disabled={readOnly} onChange={(e) => patch({ id: e.target.value })} />
        )}
      </Field>
      <Field id="node-label" label="Label">
        {(aria) => (
          <input
            {...aria}
            value={node.label ?? ""}
            disabled={readOnly}
            onChange={(e) => patch({ label: e.target.value || undefined })}
          />
        )}
      </Field>
    </>
  );
}
