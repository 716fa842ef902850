/**
 * The definition as JSON in a code editor (CodeMirror 6): highlighting, line numbers, folding, problems at their
 * lines, completion from the flow schema. A valid JSON object replaces the document (one undo step); text that is
 * not JSON shows where it breaks and leaves the canvas as it was. Import a file, download the JSON. The text
 * follows the canvas without re-serialising on every mouse move (see useJsonEditor).
 */
import { EditorView } from "@codemirror/view";
import type { FlowDefinition, ValidationError } from "@mfo/schemas";
import { type ChangeEvent, useCallback } from "react";
import type { Command } from "../../core/index.js";
import { serialise, useJsonEditor } from "./useJsonEditor.js";

export interface JsonViewProps {
  doc: FlowDefinition;
  onCommand(command: Command): void;
  readOnly?: boolean;
  /** The document's validation errors (and the server's), shown at their lines. */
  errors?: readonly ValidationError[];
}

const ERROR_ID = "json-error";
const NO_ERRORS: readonly ValidationError[] = [];

/** The text the JSON view inside `root` holds (the whole text: the editor draws only the lines in view). */
export function jsonViewText(root: ParentNode): string | undefined {
  const editor = root.querySelector<HTMLElement>(".json-view .cm-editor");
  return editor ? EditorView.findFromDOM(editor)?.state.doc.toString() : undefined;
}

export function JsonView({ doc, onCommand, readOnly = false, errors = NO_ERRORS }: JsonViewProps) {
  const onApply = useCallback((next: FlowDefinition) => onCommand({ kind: "replaceDocument", doc: next }), [onCommand]);
  const editor = useJsonEditor({ doc, errors, readOnly, errorId: ERROR_ID, onApply });

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) editor.replaceText(await file.text());
    event.target.value = "";
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([serialise(doc)], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${doc.id || "flow"}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <aside className="json-view" aria-label="JSON">
      <div className="json-actions">
        <label className="button-like">
          Import
          <input
            type="file"
            accept="application/json,.json"
            onChange={importFile}
            disabled={readOnly}
            className="sr-only"
          />
        </label>
        <button type="button" onClick={download}>
          Download
        </button>
      </div>
      <div className="json-editor" ref={editor.host} />
      {editor.parseError ? (
        <div className="json-error">
          <p id={ERROR_ID} role="alert" className="error">
            Not applied: {editor.parseError}
          </p>
          <button type="button" onClick={editor.discardEdits}>
            Discard my edit
          </button>
        </div>
      ) : null}
    </aside>
  );
}
