/**
 * A native `<dialog>` shown modal while mounted: the browser makes the rest of the page inert (focus stays in the
 * dialog), Escape and a click on the backdrop ask `onClose`, focus goes back to where it was when it closes, and
 * keys pressed in the dialog stay in it.
 */
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useRef } from "react";

export interface ModalDialog {
  ref: RefObject<HTMLDialogElement | null>;
  /** For the dialog's onKeyDown: Escape closes; no key reaches the page's own shortcuts behind the dialog. */
  onKeyDown(event: KeyboardEvent): void;
}

/** Attach the returned ref and onKeyDown to a `<dialog>`; mount the dialog to open it, unmount it to close it. */
export function useModalDialog(onClose: () => void): ModalDialog {
  const ref = useRef<HTMLDialogElement>(null);
  // The latest callback, so a new function each render does not reopen the dialog.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // Focus starts inside: the element React auto-focused, else the first control.
    if (!dialog.contains(document.activeElement)) dialog.querySelector<HTMLElement>("button, input, textarea")?.focus();
    // The browser's own Escape (a cancel event): the parent unmounts the dialog, which closes it.
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    // A click on the backdrop lands on the dialog element itself, outside its content box.
    const onClick = (event: MouseEvent) => {
      if (event.target === dialog) close.current();
    };
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("click", onClick);
    return () => {
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("click", onClick);
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);
  const onKeyDown = useCallback((event: KeyboardEvent) => {
    // Window and document listeners behind the dialog (React Flow's Delete, the editor's Ctrl+Z) must not act on
    // keys meant for it. Escape is handled here too: the browser skips its cancel event for a repeated Escape
    // without user activation, and for key events a script sends.
    event.stopPropagation();
    if (event.key !== "Escape") return;
    event.preventDefault();
    close.current();
  }, []);
  return { ref, onKeyDown };
}
