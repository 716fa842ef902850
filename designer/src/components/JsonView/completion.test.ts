import { CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import { EditorState, type TransactionSpec } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { flowSchema } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { createSchemaCompletion } from "./completion.js";
import type { Schema } from "./schema-walk.js";

const complete = createSchemaCompletion(flowSchema as Schema);

/** Completes at the `|` in `text`. */
function at(text: string, explicit = true): CompletionResult | null {
  const pos = text.indexOf("|");
  const state = EditorState.create({ doc: text.replace("|", ""), extensions: [json()] });
  return complete(new CompletionContext(state, pos, explicit)) as CompletionResult | null;
}
/** The text after choosing `label` at the `|`, through the option's own apply function (on a view without DOM). */
function applied(text: string, label: string): string {
  const pos = text.indexOf("|");
  let state = EditorState.create({ doc: text.replace("|", ""), extensions: [json()] });
  const view = {
    get state() {
      return state;
    },
    dispatch: (spec: TransactionSpec) => {
      state = state.update(spec).state;
    },
  } as unknown as EditorView;
  const result = complete(new CompletionContext(state, pos, true)) as CompletionResult | null;
  const option = result?.options.find((o) => o.label === label);
  if (!option || typeof option.apply !== "function") throw new Error(`no option ${label}`);
  option.apply(view, option, result?.from ?? pos, pos);
  return state.doc.toString();
}
const labels = (result: CompletionResult | null) => result?.options.map((o) => o.label) ?? [];

describe("completion from the flow schema", () => {
  it("offers a phase node's properties that it does not have yet, from its type", () => {
    const result = at('{"nodes": [{"id": "p", "type": "phase", "ha|"}]}');
    expect(labels(result)).toContain("handler");
    expect(labels(result)).toContain("retry");
    expect(labels(result)).not.toContain("type");
    // A wait node has no handler.
    expect(labels(at('{"nodes": [{"id": "w", "type": "wait", |}]}'))).not.toContain("handler");
    expect(labels(at('{"nodes": [{"id": "w", "type": "wait", |}]}'))).toContain("delayMs");
    // A key typed above the type still knows it.
    expect(labels(at('{"nodes": [{"id": "s",\n "la|"\n "type": "start"}]}'))).toEqual(["label", "description", "ui"]);
  });

  it("inserts the quoted name and a colon over what was typed and the rest of the key", () => {
    expect(applied('{"nodes": [{"id": "p", "type": "phase", "ha|"}]}', "handler")).toBe(
      '{"nodes": [{"id": "p", "type": "phase", "handler": }]}',
    );
    expect(applied('{"nodes": [{"id": "p", "type": "phase", "ha|}]}', "handler")).toBe(
      '{"nodes": [{"id": "p", "type": "phase", "handler": }]}',
    );
    // A bare word gets its quotes; a key that has its colon keeps it.
    expect(applied('{"nodes": [{"id": "p", "type": "phase", ha|}]}', "handler")).toBe(
      '{"nodes": [{"id": "p", "type": "phase", "handler": }]}',
    );
    expect(applied('{"nodes": [{"id": "p", "type": "phase", "ha|": 1}]}', "handler")).toBe(
      '{"nodes": [{"id": "p", "type": "phase", "handler": 1}]}',
    );
    // A key typed in front of the next member (whose colon is not this key's).
    expect(applied('{"nodes": [{"id": "p",\n "la|"\n "type": "start"}]}', "label")).toBe(
      '{"nodes": [{"id": "p",\n "label": \n "type": "start"}]}',
    );
    expect(applied('{"nodes": [{"id": "p", "type": "ph|"}]}', '"phase"')).toBe(
      '{"nodes": [{"id": "p", "type": "phase"}]}',
    );
  });

  it("offers the flow's own properties at the top level, and an edge's in an edge", () => {
    expect(labels(at('{"id": "f", |}'))).toEqual(expect.arrayContaining(["name", "nodes", "edges", "settings"]));
    expect(labels(at('{"edges": [{"id": "e1", |}]}'))).toEqual(
      expect.arrayContaining(["source", "target", "condition", "on"]),
    );
  });

  it("offers every node type as the value of a node's type, and enum values elsewhere", () => {
    expect(labels(at('{"nodes": [{"id": "p", "type": "ph|"}]}'))).toEqual(
      expect.arrayContaining(['"start"', '"phase"', '"decision"', '"end"']),
    );
    expect(labels(at('{"nodes": [{"id": "p", "type": "phase", "trigger": |}]}'))).toEqual(['"auto"', '"manual"']);
    expect(labels(at('{"edges": [{"id": "e", "default": |}]}'))).toEqual(["true", "false"]);
  });

  it("stays quiet where the schema has nothing to say, or nothing was typed", () => {
    expect(at('{"name": "f|"}')).toBeNull();
    expect(at('{"nodes": [{"id": "p", "type": "phase", |}]}', false)).toBeNull();
  });
});
