/**
 * Autosaves the editor's draft under the flow's id, a moment after the last change, and says where the save stands
 * (saved, unsaved, saving, error) for the toolbar's indicator.
 */

import type { FlowService as ApiClient } from "@mfo/client";
import { type FlowDefinition, isFlowTypeId } from "@mfo/schemas";
import { useEffect, useRef, useState } from "react";
import type { SaveState } from "./Toolbar.js";

const AUTOSAVE_MS = 800;

export interface AutosaveOptions {
  readOnly: boolean;
  /** Called on every change to the document after the first render (an edit), before its save is scheduled. */
  onEdit?: () => void;
  /** Called after each save with the id the draft was saved under (the editor's address follows it). */
  onSaved?: (flowType: string) => void;
}

/**
 * Saves `doc` as a draft AUTOSAVE_MS after it last changed (not the document as opened, nor a read-only one) and
 * returns the save state.
 */
export function useAutosave(
  api: ApiClient,
  doc: FlowDefinition,
  { readOnly, onEdit, onSaved }: AutosaveOptions,
): SaveState {
  const [save, setSave] = useState<SaveState>("saved");
  // Nothing is saved until the document differs from the one opened: compared by identity, not by counting effect
  // runs, which StrictMode doubles in development (a visit to /new then saved a blank draft).
  const opened = useRef<FlowDefinition | undefined>(doc);
  // The latest callbacks, read when the document changes: new callbacks each render must not reschedule the save.
  const edited = useRef(onEdit);
  edited.current = onEdit;
  const saved = useRef(onSaved);
  saved.current = onSaved;

  useEffect(() => {
    if (doc === opened.current || readOnly) return;
    opened.current = undefined; // edited once: every later change is saved, an undo back to it too
    setSave("unsaved");
    edited.current?.();
    const timer = setTimeout(async () => {
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
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [doc, api, readOnly]);

  return save;
}
