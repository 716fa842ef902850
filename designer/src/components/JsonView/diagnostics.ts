/**
 * Problems as CodeMirror diagnostics, each on the line it is about: a validation error at the text its JSON
 * pointer names (a missing property at the object that lacks it), a JSON syntax error where parsing stopped.
 */
import { ensureSyntaxTree, syntaxTree } from "@codemirror/language";
import type { Diagnostic } from "@codemirror/lint";
import type { EditorState } from "@codemirror/state";
import { parsePointer, type ValidationError } from "@mfo/schemas";
import { pointerTarget } from "./json-tree.js";

/** How long a diagnostics pass may spend parsing a large document before it uses what is parsed. */
const PARSE_BUDGET_MS = 200;

/** The validation errors of the document shown, at their places in the text. */
export function validationDiagnostics(state: EditorState, errors: readonly ValidationError[]): Diagnostic[] {
  if (errors.length === 0) return [];
  const tree = ensureSyntaxTree(state, state.doc.length, PARSE_BUDGET_MS) ?? syntaxTree(state);
  const read = (from: number, to: number) => state.sliceDoc(from, to);
  return errors.map((error): Diagnostic => {
    const target = pointerTarget(tree, read, parsePointer(error.path) ?? []) ?? { from: 0, to: 0 };
    return { from: target.from, to: target.to, severity: "error", source: error.code, message: error.message };
  });
}

/** Where JSON.parse stopped, from its message ("... at position 42"), else the parser's first error node. */
function syntaxErrorAt(state: EditorState, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Math.min(Number(position[1]), state.doc.length);
  let at: number | undefined;
  const tree = ensureSyntaxTree(state, state.doc.length, PARSE_BUDGET_MS) ?? syntaxTree(state);
  tree.iterate({
    enter: (node) => {
      if (at !== undefined) return false;
      if (node.type.isError) at = node.from;
      return undefined;
    },
  });
  return at ?? state.doc.length;
}

/** A diagnostic for text that is not JSON, or not a JSON object, where the problem is. */
export function parseDiagnostic(state: EditorState, message: string): Diagnostic {
  const at = syntaxErrorAt(state, message);
  const line = state.doc.lineAt(at);
  // Mark at least one character, so the underline shows even at the end of a line.
  const to = at < line.to ? at + 1 : at;
  const from = to === at && at > line.from ? at - 1 : at;
  return { from, to, severity: "error", source: "json", message };
}
