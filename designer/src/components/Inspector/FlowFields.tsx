/** The inspector with nothing selected: the flow's own id, name and description. */
import type { FlowDefinition, ValidationError } from "@mfo/schemas";
import type { Command } from "../../core/index.js";
import { Field } from "./Field.js";
import { errorAt } from "./field-errors.js";

export interface FlowFieldsProps {
  doc: FlowDefinition;
  errors: readonly ValidationError[];
  readOnly: boolean;
  onCommand(command: Command): void;
}

export function FlowFields({ doc, errors, readOnly, onCommand }: FlowFieldsProps) {
  const update = (patch: Record<string, unknown>) => onCommand({ kind: "updateFlow", patch });
  return (
    <section aria-label="Flow">
      <h2>Flow</h2>
      <Field id="flow-id" label="Id" help="lowercase letters, digits and -" error={errorAt(errors, "/id")}>
        {(aria) => (
          <input {...aria} value={doc.id ?? ""} disabled={readOnly} onChange={(e) => update({ id: e.target.value })} />
        )}
      </Field>
      <Field id="flow-name" label="Name" error={errorAt(errors, "/name")}>
        {(aria) => (
          <input
            {...aria}
            value={doc.name ?? ""}
            disabled={readOnly}
            onChange={(e) => update({ name: e.target.value })}
          />
        )}
      </Field>
      <Field id="flow-description" label="Description">
        {(aria) => (
          <textarea
            {...aria}
            rows={3}
            value={doc.description ?? ""}
            disabled={readOnly}
            onChange={(e) => update({ description: e.target.value || undefined })}
          />
        )}
      </Field>
      <p className="help">Select a node or an edge to edit it.</p>
    </section>
  );
}
