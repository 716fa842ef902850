/** The inspector with nothing selected: the flow's own id, name, description and input fields. */
import type { FlowDefinition, ValidationError } from "@mfo/schemas";
import { useMemo } from "react";
import type { Command } from "../../core/index.js";
import { InputSchemaEditor, inputReferences } from "../InputSchemaEditor/index.js";
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
  const references = useMemo(() => inputReferences(doc), [doc]);
  const inputError = errors.find((e) => e.path === "/input" || e.path.startsWith("/input/"));
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
      <section aria-labelledby="flow-input-title" className="flow-input">
        <h3 id="flow-input-title">Input</h3>
        <InputSchemaEditor
          schema={doc.input}
          references={references}
          readOnly={readOnly}
          onChange={(input) => update({ input })}
        />
        {inputError ? (
          <p role="alert" className="error">
            {inputError.message}
          </p>
        ) : null}
      </section>
      <p className="help">Select a node or an edge to edit it.</p>
    </section>
  );
}
