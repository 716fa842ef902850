/**
 * The definition as JSON, editable: a valid JSON object replaces the document (one undo step); text that is
 * not JSON shows where it breaks and leaves the canvas as it was. Import a file, download the JSON.
 */
import type { FlowDefinition } from "@mfo/schemas";
import { type ChangeEvent, useEffect, useRef, useState } from "react";
import type { Command } from "../../core/index.js";

export interface JsonViewProps {
  doc: FlowDefinition;
  onCommand(command: Command): void;
  readOnly?: boolean;
}

export function JsonView({ doc, onCommand, readOnly }: JsonViewProps) {
  const formatted = JSON.stringify(doc, null, 2);
  const [text, setText] = useState(formatted);
  const [error, setError] = useState<string | undefined>();
  const editing = useRef(false);
  // Follow the canvas unless the person is in the middle of an edit that does not parse yet.
  useEffect(() => {
    if (!editing.current || error === undefined) setText(formatted);
  }, [formatted, error]);

  const apply = (next: string) => {
    setText(next);
    editing.current = true;
    try {
      const value = JSON.parse(next) as unknown;
      if (value === null || typeof value !== "object" || Array.isArray(value))
        throw new Error("a flow definition is a JSON object");
      setError(undefined);
      onCommand({ kind: "replaceDocument", doc: value as FlowDefinition });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) apply(await file.text());
    event.target.value = "";
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([formatted], { type: "application/json" }));
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
      <label htmlFor="json-text" className="sr-only">
        Flow definition as JSON
      </label>
      <textarea
        id="json-text"
        spellCheck={false}
        value={text}
        readOnly={readOnly}
        aria-invalid={error !== undefined}
        aria-describedby={error ? "json-error" : undefined}
        onChange={(e) => apply(e.target.value)}
        onBlur={() => {
          editing.current = false;
        }}
      />
      {error ? (
        <p id="json-error" role="alert" className="error">
          Not applied: {error}
        </p>
      ) : null}
    </aside>
  );
}
