/**
 * The CodeMirror view behind the JSON view, kept in step with the document both ways without costing a drag:
 * - document -> text: the update waits until the document stops changing (SYNC_DELAY_MS; a drag changes it on
 *   every mouse move), then serialises once and dispatches only the span that differs, outside the undo history;
 * - text -> document: typed edits are applied once typing pauses (APPLY_DELAY_MS) as one replaceDocument, when
 *   the text parses to an object; text that does not parse is kept, with its error at its line.
 * While a pointer is held down outside the editor (a drag on the canvas), the text waits for its release. While
 * the person has typed edits and the editor has focus (or the text does not parse), the document does not
 * overwrite their text; leaving the editor catches it up.
 */
import { setDiagnostics } from "@codemirror/lint";
import { Annotation, Compartment, EditorState, Transaction } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { FlowDefinition, ValidationError } from "@mfo/schemas";
import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import { parseDiagnostic, validationDiagnostics } from "./diagnostics.js";
import { jsonEditorExtensions } from "./editor-setup.js";
import { textChange } from "./text-change.js";

const SYNC_DELAY_MS = 150;
const APPLY_DELAY_MS = 300;
/** Marks the view's own updates from the document, so they are not taken for typing. */
const fromDocument = Annotation.define<boolean>();

/** The document as the JSON view shows it; each call is marked so the benchmark and tests can count them. */
export function serialise(doc: FlowDefinition): string {
  performance.mark("mfo:json-view:serialise");
  return JSON.stringify(doc, null, 2);
}

/** Why a text is not a flow definition, or its value. */
function parse(text: string): { value: FlowDefinition } | { error: string } {
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return { error: "a flow definition is a JSON object" };
    return { value: value as FlowDefinition };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export interface JsonEditorOptions {
  doc: FlowDefinition;
  errors: readonly ValidationError[];
  readOnly: boolean;
  /** Id of the element that shows the parse error, for aria-describedby. */
  errorId: string;
  onApply(doc: FlowDefinition): void;
}

export interface JsonEditor {
  host: RefObject<HTMLDivElement | null>;
  /** Why the text was not applied, while it does not parse. */
  parseError: string | undefined;
  /** Replaces the text as if typed (an imported file) and applies it at once. */
  replaceText(text: string): void;
  /** Drops the person's edits and shows the document. */
  discardEdits(): void;
}

export function useJsonEditor({ doc, errors, readOnly, errorId, onApply }: JsonEditorOptions): JsonEditor {
  const host = useRef<HTMLDivElement | null>(null);
  const viewRef = useRef<EditorView | undefined>(undefined);
  const latest = useRef(doc);
  latest.current = doc;
  const onApplyRef = useRef(onApply);
  onApplyRef.current = onApply;
  /** The document the text is the serialisation of, and that text; undefined once the person types. */
  const shown = useRef<{ doc: FlowDefinition; text: string } | undefined>(undefined);
  const dirty = useRef(false);
  const [parseError, setParseError] = useState<string | undefined>();
  const parseErrorRef = useRef(parseError);
  parseErrorRef.current = parseError;
  const timers = useRef<{ sync?: ReturnType<typeof setTimeout>; apply?: ReturnType<typeof setTimeout> }>({});
  const compartments = useRef({ readOnly: new Compartment(), aria: new Compartment() });
  const pointerHeld = useRef(false);

  const sync = useCallback(() => {
    clearTimeout(timers.current.sync);
    const view = viewRef.current;
    if (!view || pointerHeld.current) return;
    if (dirty.current && (view.hasFocus || parseErrorRef.current !== undefined)) return;
    const target = latest.current;
    if (shown.current?.doc === target) return;
    const text = serialise(target);
    const change = textChange(shown.current?.text ?? view.state.doc.toString(), text);
    if (change) {
      view.dispatch({ changes: change, annotations: [fromDocument.of(true), Transaction.addToHistory.of(false)] });
      performance.mark("mfo:json-view:update");
    }
    shown.current = { doc: target, text };
    dirty.current = false;
  }, []);

  const apply = useCallback(() => {
    clearTimeout(timers.current.apply);
    timers.current.apply = undefined;
    const view = viewRef.current;
    if (!view) return;
    const parsed = parse(view.state.doc.toString());
    if ("error" in parsed) {
      setParseError(parsed.error);
      return;
    }
    setParseError(undefined);
    onApplyRef.current(parsed.value);
  }, []);

  // One view per mount; what changes later (document, read-only, errors) is dispatched into it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once, reads the latest values through refs
  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const text = serialise(latest.current);
    shown.current = { doc: latest.current, text };
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: text,
        extensions: [
          jsonEditorExtensions(),
          compartments.current.readOnly.of(EditorState.readOnly.of(readOnly)),
          compartments.current.aria.of([]),
          EditorView.updateListener.of((update) => {
            if (!update.transactions.some((tr) => tr.docChanged && !tr.annotation(fromDocument))) return;
            dirty.current = true;
            shown.current = undefined;
            clearTimeout(timers.current.apply);
            timers.current.apply = setTimeout(apply, APPLY_DELAY_MS);
          }),
          EditorView.domEventHandlers({
            blur: () => {
              // Leaving the editor applies what was typed now, then shows the document as it is.
              if (timers.current.apply !== undefined) apply();
              timers.current.sync = setTimeout(sync, SYNC_DELAY_MS);
            },
          }),
        ],
      }),
    });
    viewRef.current = view;
    // A drag anywhere but in the editor holds the update back until the pointer is released.
    const down = (event: PointerEvent) => {
      if (!view.dom.contains(event.target as Node)) pointerHeld.current = true;
    };
    const up = () => {
      if (!pointerHeld.current) return;
      pointerHeld.current = false;
      clearTimeout(timers.current.sync);
      timers.current.sync = setTimeout(sync, SYNC_DELAY_MS);
    };
    window.addEventListener("pointerdown", down, true);
    window.addEventListener("pointerup", up, true);
    window.addEventListener("pointercancel", up, true);
    return () => {
      window.removeEventListener("pointerdown", down, true);
      window.removeEventListener("pointerup", up, true);
      window.removeEventListener("pointercancel", up, true);
      if (timers.current.apply !== undefined) apply();
      clearTimeout(timers.current.sync);
      viewRef.current = undefined;
      view.destroy();
    };
  }, []);

  // The document changed (a drag moves it on every mouse move): update the text once it settles.
  useEffect(() => {
    if (shown.current?.doc === doc) return;
    clearTimeout(timers.current.sync);
    timers.current.sync = setTimeout(sync, SYNC_DELAY_MS);
  }, [doc, sync]);

  useEffect(() => {
    viewRef.current?.dispatch({
      effects: compartments.current.readOnly.reconfigure(EditorState.readOnly.of(readOnly)),
    });
  }, [readOnly]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const attributes: Record<string, string> = {
      "aria-label": "Flow definition as JSON",
      // Focusable by its own tabindex too, so checkers see the scrolling region's keyboard access.
      tabindex: "0",
      "aria-invalid": String(parseError !== undefined),
      ...(parseError === undefined ? {} : { "aria-describedby": errorId }),
    };
    view.dispatch({ effects: compartments.current.aria.reconfigure(EditorView.contentAttributes.of(attributes)) });
  }, [parseError, errorId]);

  // Problems at their lines: the parse error while the text is not JSON, else the document's validation errors.
  const shownProblems = useRef(0);
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const diagnostics =
      parseError === undefined ? validationDiagnostics(view.state, errors) : [parseDiagnostic(view.state, parseError)];
    // A valid flow is re-validated after every edit: no problems before and after is no update.
    if (diagnostics.length === 0 && shownProblems.current === 0) return;
    shownProblems.current = diagnostics.length;
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }, [errors, parseError]);

  const replaceText = useCallback(
    (text: string) => {
      const view = viewRef.current;
      if (!view) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      apply();
    },
    [apply],
  );

  const discardEdits = useCallback(() => {
    dirty.current = false;
    shown.current = undefined;
    setParseError(undefined);
    parseErrorRef.current = undefined;
    sync();
  }, [sync]);

  return { host, parseError, replaceText, discardEdits };
}
