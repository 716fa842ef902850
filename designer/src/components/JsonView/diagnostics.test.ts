import { json } from "@codemirror/lang-json";
import { ensureSyntaxTree } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { parseDiagnostic, validationDiagnostics } from "./diagnostics.js";

const flow = {
  id: "f",
  name: "F",
  nodes: [
    { id: "start", type: "start" },
    { id: "p", type: "phase", handler: "noop", retry: { maxAttempts: 0 } },
  ],
  edges: [],
};
const text = JSON.stringify(flow, null, 2);
const state = EditorState.create({ doc: text, extensions: [json()] });
ensureSyntaxTree(state, state.doc.length, 1000);
const lineOf = (pos: number) => state.doc.lineAt(pos).number;
const lineWith = (needle: string) => lineOf(text.indexOf(needle));

describe("problems at their lines", () => {
  it("puts a validation error on the line of the value its pointer names", () => {
    const [d] = validationDiagnostics(state, [
      { path: "/nodes/1/retry/maxAttempts", code: "minimum", message: "must be >= 1" },
    ]);
    expect(d && lineOf(d.from)).toBe(lineWith('"maxAttempts": 0'));
    expect(d && state.sliceDoc(d.from, d.to)).toBe('"maxAttempts": 0');
    expect(d?.message).toBe("must be >= 1");
  });

  it("puts an error about a missing property on the object that lacks it, and a node's on its first line", () => {
    const [missing, node] = validationDiagnostics(state, [
      { path: "/nodes/1/label", code: "required", message: "needs a label" },
      { path: "/nodes/0", nodeId: "start", code: "x", message: "about start" },
    ]);
    expect(missing && lineOf(missing.from)).toBe(lineWith('"handler"') - 3);
    expect(node && state.sliceDoc(node.from, node.to)).toBe("{");
    expect(node && lineOf(node.from)).toBe(lineWith('"id": "start"') - 1);
  });

  it("puts a syntax error where parsing stopped", () => {
    const broken = text.replace('"name": "F",', '"name": "F",,');
    const s = EditorState.create({ doc: broken, extensions: [json()] });
    let message = "";
    try {
      JSON.parse(broken);
    } catch (e) {
      message = (e as Error).message;
    }
    const d = parseDiagnostic(s, message);
    expect(s.doc.lineAt(d.from).number).toBe(3);
    expect(d.to).toBeGreaterThan(d.from);
  });
});
