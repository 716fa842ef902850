/**
 * Text typed for a value that is stored only once it reads as one (a field name that is free, a number, a list
 * of values, JSON): the text stays on screen as typed, with its problem, while the stored value stays the last
 * good one. A change of the stored value from elsewhere (undo, another field) replaces the draft.
 */
import { useState } from "react";
import { sameJson } from "../SchemaForm/field-value.js";

/** What typed text stands for: a value to store, or why it is not stored. */
export type Reading<T> = { readonly value: T } | { readonly problem: string };

export interface TextDraft {
  readonly text: string;
  readonly problem: string | null;
  /** Call with the new text; stores its value through `commit` when it reads. */
  onText(text: string): void;
}

interface Draft<T> {
  text: string;
  value: T;
  problem: string | null;
}

/** A draft of `value` shown as `format(value)` and read back with `read`; `commit` stores a value that reads. */
export function useTextDraft<T>(
  value: T,
  format: (value: T) => string,
  read: (text: string) => Reading<T>,
  commit: (value: T) => void,
): TextDraft {
  const [draft, setDraft] = useState<Draft<T>>(() => ({ text: format(value), value, problem: null }));
  let shown = draft;
  if (!sameJson(draft.value, value)) {
    shown = { text: format(value), value, problem: null };
    setDraft(shown);
  }
  return {
    text: shown.text,
    problem: shown.problem,
    onText(text) {
      const reading = read(text);
      if ("problem" in reading) {
        setDraft({ text, value: shown.value, problem: reading.problem });
        return;
      }
      setDraft({ text, value: reading.value, problem: null });
      if (!sameJson(reading.value, shown.value)) commit(reading.value);
    },
  };
}
