/**
 * The CodeMirror extensions of the JSON view: JSON highlighting, line numbers, folding, bracket matching and
 * closing, undo of typed edits, the lint gutter for problems, and completion from the flow schema. Kept apart from
 * the component so the setup reads as one list.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { lintGutter, lintKeymap } from "@codemirror/lint";
import type { Extension } from "@codemirror/state";
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { flowSchema } from "@mfo/schemas";
import { createSchemaCompletion } from "./completion.js";
import type { Schema } from "./schema-walk.js";

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "12px", border: "1px solid #9aa6b8", borderRadius: "6px" },
  "&.cm-focused": { outline: "2px solid #2f6fdf", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "ui-monospace, Menlo, Consolas, monospace", lineHeight: "1.4" },
  ".cm-gutters": { backgroundColor: "#f4f6fa", color: "#5b6678", borderRight: "1px solid #d8dee8" },
  ".cm-tooltip.cm-tooltip-autocomplete > ul": { fontFamily: "ui-monospace, Menlo, Consolas, monospace" },
});

/** Everything but what changes while the view lives (read-only, ARIA attributes, listeners). */
export function jsonEditorExtensions(): Extension[] {
  return [
    lineNumbers(),
    foldGutter(),
    lintGutter(),
    highlightActiveLineGutter(),
    highlightActiveLine(),
    history(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    json(),
    autocompletion({ override: [createSchemaCompletion(flowSchema as Schema)] }),
    // No Tab binding: Tab leaves the editor, as in every other field (keyboard users are not trapped).
    keymap.of([
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...historyKeymap,
      ...foldKeymap,
      ...completionKeymap,
      ...lintKeymap,
    ]),
    theme,
  ];
}
