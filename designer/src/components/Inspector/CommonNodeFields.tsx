/**
 * The fields every node has, whatever its type: its id and its label. The id is the key of the node, its edges
 * and the selection, so the Id field edits a draft and renames the node once, on Enter or when the field loses
 * the focus (as n8n and Camunda do): a rename per keystroke would make one undo step per letter and pass through
 * ids other nodes already have ("end" on the way to "end-2"), which would be refused and lose the keystroke.
 */
import type { FlowDefinition, FlowNode, ValidationError } from "@mfo/schemas";
import { useState } from "react";
import { renameRefusal } from "../../core/index.js";
import { Field } from "./Field.js";
import { errorAt } from "./field-errors.js";

export interface CommonNodeFieldsProps {
  node: FlowNode;
  /** The document, to tell while typing whether a new id is free. */
  doc: FlowDefinition;
  /** The node's JSON pointer in the document. */
  base: string;
  errors: readonly ValidationError[];
  readOnly: boolean;
  patch(fields: Record<string, unknown>): void;
}

/** What is typed in the Id field, and for which id: a draft for another id (undo, another node) is stale. */
interface IdDraft {
  of: string;
  text: string;
}

export function CommonNodeFields({ node, doc, base, errors, readOnly, patch }: CommonNodeFieldsProps) {
  const [typed, setTyped] = useState<IdDraft | undefined>();
  const draft = typed?.of === node.id ? typed.text : undefined;
  const refusal = draft === undefined ? undefined : renameRefusal(doc, node.id, draft);
  // A refused id stays in the field (with why) on Enter; leaving the field gives the node's id back.
  const commit = (keepRefused: boolean) => {
    if (draft === undefined || (refusal !== undefined && keepRefused)) return;
    if (draft !== node.id && refusal === undefined) patch({ id: draft });
    setTyped(undefined);
  };
  return (
    <>
      <Field
        id="node-id"
        label="Id"
        help={
          draft !== undefined && draft !== node.id && refusal === undefined
            ? "Enter renames the node; Escape keeps its id."
            : undefined
        }
        error={refusal ?? errorAt(errors, `${base}/id`)}
      >
        {(aria) => (
          <input
            {...aria}
            value={draft ?? node.id}
            disabled={readOnly}
            onChange={(e) => setTyped({ of: node.id, text: e.target.value })}
            onBlur={() => commit(false)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                commit(true);
              } else if (e.key === "Escape") setTyped(undefined);
            }}
          />
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
