/** Copy to the clipboard with a visible, announced "copied" note that fades after a moment. */
import { useCallback, useEffect, useRef, useState } from "react";

export function useCopy(): { note: string; copy(text: string, what: string): void } {
  const [note, setNote] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = useCallback((text: string, what: string) => {
    const say = (message: string) => {
      setNote(message);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setNote(""), 2500);
    };
    // The clipboard needs a secure context and the page's focus; say so rather than fail silently.
    if (!navigator.clipboard) return say("copy is not available here");
    navigator.clipboard.writeText(text).then(
      () => say(`copied ${what}`),
      () => say("copy was refused by the browser"),
    );
  }, []);
  return { note, copy };
}

/** A value as it is copied: strings as they are, anything else as indented JSON. */
export const copyText = (value: unknown): string =>
  typeof value === "string" ? value : (JSON.stringify(value, null, 2) ?? "null");
