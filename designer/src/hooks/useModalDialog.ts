/**
 * A native `<dialog>` shown modal while mounted: the browser makes the rest of the page inert (focus stays in the
 * dialog), Escape and a click on the backdrop ask `onClose`, and focus goes back to where it was when it closes.
 */
import { type RefObject, useEffect, useRef } from "react";

/** Attach the returned ref to a `<dialog>`; mount the dialog to open it, unmount it to close it. */
export function useModalDialog(onClose: () => void): RefObject<HTMLDialogElement | null> {
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
    // Escape: the parent unmounts the dialog, which closes it (the browser must not close it behind React's back).
    // Handled on keydown, not only through the dialog's cancel event, which the browser may skip (a repeated Escape
    // without user activation, or a key event sent by a script).
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      close.current();
    };
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    // A click on the backdrop lands on the dialog element itself, outside its content box.
    const onClick = (event: MouseEvent) => {
      if (event.target === dialog) close.current();
    };
    dialog.addEventListener("keydown", onKeyDown);
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("click", onClick);
    return () => {
      dialog.removeEventListener("keydown", onKeyDown);
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("click", onClick);
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);
  return ref;
}
