/**
 * The editor's state over the framework-free core: the undo/redo history of the document, what is selected,
 * why the last command was refused, and the validation of the current document (debounced, so typing stays
 * smooth on large flows).
 */
import type { Catalogue, FlowDefinition } from "@mfo/schemas";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  apply,
  type Command,
  canRedo,
  canUndo,
  checkFlow,
  createHistory,
  type FlowCheck,
  type History,
  redo as redoHistory,
  seal as sealHistory,
  undo as undoHistory,
} from "../core/index.js";

export interface EditorSelection {
  nodes: readonly string[];
  edges: readonly string[];
}

const NOTHING: EditorSelection = { nodes: [], edges: [] };

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);
const VALIDATION_DELAY_MS = 120;

export function useEditor(initial: FlowDefinition, catalogue: Catalogue | undefined) {
  const [history, setHistory] = useState<History>(() => createHistory(initial));
  const [selection, setSelection] = useState<EditorSelection>(NOTHING);
  // Selecting what is already selected changes nothing, so the canvas and this state cannot chase each other.
  const select = useCallback(
    (next: EditorSelection) =>
      setSelection((previous) =>
        sameIds(previous.nodes, next.nodes) && sameIds(previous.edges, next.edges) ? previous : next,
      ),
    [],
  );
  const [message, setMessage] = useState<string | undefined>();
  const doc = history.present;
  const [check, setCheck] = useState<FlowCheck>(() => checkFlow(initial, catalogue));
  const latest = useRef(doc);
  latest.current = doc;

  useEffect(() => {
    const timer = setTimeout(() => {
      // Measured so DevTools and the designer benchmark can read the cost of validating per edit.
      const started = performance.now();
      const next = checkFlow(doc, catalogue);
      performance.measure("mfo:validate", { start: started, end: performance.now() });
      setCheck(next);
    }, VALIDATION_DELAY_MS);
    return () => clearTimeout(timer);
  }, [doc, catalogue]);

  const run = useCallback((command: Command) => setHistory((h) => apply(h, command)), []);

  // What the last command said: why it was refused, or what it created (to select it).
  useEffect(() => {
    const outcome = history.outcome;
    setMessage(outcome?.reason);
    if (outcome?.select) select({ nodes: outcome.select.nodes, edges: outcome.select.edges });
  }, [history.outcome, select]);

  const actions = useMemo(
    () => ({
      run,
      undo: () => setHistory((h) => undoHistory(h)),
      redo: () => setHistory((h) => redoHistory(h)),
      seal: () => setHistory((h) => sealHistory(h)),
      select,
      clearMessage: () => setMessage(undefined),
      /** Replaces the whole history (opening another flow). */
      reset: (next: FlowDefinition) => {
        setHistory(createHistory(next));
        setSelection(NOTHING);
      },
    }),
    [run, select],
  );

  return {
    doc,
    latest,
    check,
    selection,
    message,
    canUndo: canUndo(history),
    canRedo: canRedo(history),
    ...actions,
  };
}

export type EditorState = ReturnType<typeof useEditor>;
