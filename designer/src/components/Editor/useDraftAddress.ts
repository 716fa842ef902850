/**
 * The flow type the editor's draft is saved under, and the address that names it: once a new flow (or a template's
 * copy, or an import bringing another id) is saved, the address becomes that flow's edit URL in place
 * (history.replaceState), so a reload opens the work and Back does not return to a blank /new.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { editPath, replaceRoute } from "../../hooks/useRoute.js";

export interface DraftAddress {
  /** The id the draft was last saved under (the one opened until the first save); undefined for a new flow. */
  flowType: string | undefined;
  /** Give to useAutosave's onSaved. */
  onSaved(flowType: string): void;
}

/** Follows the draft's id from `opened` (the flow type opened, if any). */
export function useDraftAddress(opened: string | undefined): DraftAddress {
  const [flowType, setFlowType] = useState(opened);
  // A save answered after the editor closed must not rename the page shown since (the flow list, say).
  const shown = useRef(false);
  useEffect(() => {
    shown.current = true;
    return () => {
      shown.current = false;
    };
  }, []);
  const onSaved = useCallback((id: string) => {
    if (!shown.current) return;
    setFlowType(id);
    replaceRoute(editPath(id));
  }, []);
  return { flowType, onSaved };
}
