/**
 * Autosaves the editor's draft under the flow's id, a moment after the last change (or at once on Ctrl+S), and says
 * where the save stands (saved, unsaved, saving, error) for the toolbar's indicator.
 */

import type { FlowService as ApiClient } from "@mfo/client";
import { type FlowDefinition, isFlowTypeId } from "@mfo/schemas";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { SaveState } from "./Toolbar.js";

const AUTOSAVE_MS = 800;

export interface AutosaveOptions {
  readOnly: boolean;
  /** Called on every change to the document after the first render (an edit), before its save is scheduled. */
  onEdit?: () => void;
  /** Called after each save with the id the draft was saved under (the editor's address follows it). */
  onSaved?: (flowType: string) => void;
}

/** Where the draft's save stands, and a way to save a pending edit at once. */
export interface Autosave {
  state: SaveState;
  /** Saves the pending edit now (Ctrl+S) instead of AUTOSAVE_MS after it; nothing to do when all is saved. */
  saveNow(): void;
}

/**
 * Saves `doc` as a draft AUTOSAVE_MS after it last changed (not the document as opened, nor a read-only one) and
 * returns the save state, with `saveNow` to save the pending edit without waiting.
 */
export function useAutosave(
  api: ApiClient,
  doc: FlowDefinition,
  { readOnly, onEdit, onSaved }: AutosaveOptions,
): Autosave {
  const [save, setSave] = useState<SaveState>("saved");
  // Nothing is saved until the document differs from the one opened: compared by identity, not by counting effect
  // runs, which StrictMode doubles in development (a visit to /new then saved a blank draft).
  const opened = useRef<FlowDefinition | undefined>(doc);
  // The latest callbacks, read when the document changes: new callbacks each render must not reschedule the save.
  const edited = useRef(onEdit);
  edited.current = onEdit;
  const saved = useRef(onSaved);
  saved.current = onSaved;
  // The save scheduled for the last edit and its timer, so saveNow can run it at once instead.
  const pending = useRef<{ write: () => Promise<void>; timer: ReturnType<typeof setTimeout> } | undefined>(undefined);

  useEffect(() => {
    if (doc === opened.current || readOnly) return;
    opened.current = undefined; // edited once: every later change is saved, an undo back to it too
    setSave("unsaved");
    edited.current?.();
    const write = async () => {
      pending.current = undefined;
      // Drafts are saved under the flow's id, so only an id the API accepts is saved.
      if (!isFlowTypeId(doc.id)) return;
      setSave("saving");
      try {
        await api.saveDraft(doc.id, doc);
        setSave("saved");
        saved.current?.(doc.id);
      } catch {
        setSave("error");
      }
    };
    const timer = setTimeout(write, AUTOSAVE_MS);
    pending.current = { write, timer };
    return () => {
      clearTimeout(timer);
      if (pending.current?.write === write) pending.current = undefined;
    };
  }, [doc, api, readOnly]);

  const saveNow = useCallback(() => {
    const scheduled = pending.current;
    if (scheduled === undefined) return;
    clearTimeout(scheduled.timer);
    void scheduled.write();
  }, []);

  return useMemo(() => ({ state: save, saveNow }), [save, saveNow]);
}
