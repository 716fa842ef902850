/**
 * The editor's state over the framework-free core: one history that holds the document, its undo/redo steps and
 * what is selected; why the last command was refused; and the validation of the current document (debounced, so
 * typing stays smooth on large flows). The selection is part of the history, never a second state synchronised
 * after a render: a command that renames or removes a node changes the selection in the same update.
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
  type Outcome,
  redo as redoHistory,
  type SelectionChange,
  seal as sealHistory,
  selectAll as selectAllIn,
  select as selectIn,
  toggleSelection,
  undo as undoHistory,
} from "../core/index.js";

export interface EditorSelection {
  nodes: readonly string[];
  edges: readonly string[];
}

const VALIDATION_DELAY_MS = 120;

/** The editor's state for `initial`; `catalogue` (once loaded) checks handler and validator params. */
export function useEditor(initial: FlowDefinition, catalogue: Catalogue | undefined) {
  const [history, setHistory] = useState<History>(() => createHistory(initial));
  // The outcome whose message the user dismissed; the message shows again with the next command's outcome.
  const [dismissed, setDismissed] = useState<Outcome | undefined>();
  const doc = history.present;
  const [check, setCheck] = useState<FlowCheck>(() => checkFlow(initial, catalogue));
  const latest = useRef(doc);
  latest.current = doc;
  const outcome = history.outcome;
  const lastOutcome = useRef(outcome);
  lastOutcome.current = outcome;

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
  const select = useCallback((next: EditorSelection) => setHistory((h) => selectIn(h, next)), []);
  const changeSelection = useCallback((change: SelectionChange) => setHistory((h) => toggleSelection(h, change)), []);

  const actions = useMemo(
    () => ({
      run,
      undo: () => setHistory((h) => undoHistory(h)),
      redo: () => setHistory((h) => redoHistory(h)),
      seal: () => setHistory((h) => sealHistory(h)),
      select,
      /** Applies a canvas click or box selection (toggles of nodes and edges) to the selection. */
      changeSelection,
      selectAll: () => setHistory((h) => selectAllIn(h)),
      clearMessage: () => setDismissed(lastOutcome.current),
      /** Replaces the whole history (opening another flow). */
      reset: (next: FlowDefinition) => setHistory(createHistory(next)),
    }),
    [run, select, changeSelection],
  );

  return {
    doc,
    latest,
    check,
    selection: history.selection as EditorSelection,
    message: outcome === dismissed ? undefined : outcome?.reason,
    canUndo: canUndo(history),
    canRedo: canRedo(history),
    ...actions,
  };
}

export type EditorState = ReturnType<typeof useEditor>;
