/**
 * A JSONata syntax error is shown once on its field: the expression editor reports it as it is typed, so the
 * same error from validateFlow (what the problems list shows) is not repeated under it.
 */
import { builtinCatalogue, validateFlow } from "@mfo/schemas";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "./field-model.js";
import { relativeErrors, SchemaForm } from "./index.js";

const transform = builtinCatalogue.handlers.find((h) => h.name === "transform")?.paramsSchema as JsonSchema;
const http = builtinCatalogue.handlers.find((h) => h.name === "http")?.paramsSchema as JsonSchema;

/** The params form of node "p" of a one-phase flow, with validateFlow's errors, as the inspector renders it. */
function paramsForm(handler: string, schema: JsonSchema, params: Record<string, unknown>): string {
  const flow = {
    id: "f",
    name: "f",
    nodes: [
      { id: "start", type: "start" },
      { id: "p", type: "phase", handler, params },
      { id: "end", type: "end" },
    ],
    edges: [
      { id: "e1", source: "start", target: "p" },
      { id: "e2", source: "p", target: "end" },
    ],
  };
  const errors = relativeErrors(validateFlow(flow).errors, "/nodes/1/params");
  expect(errors.map((e) => e.code)).toEqual(["invalid-expression"]);
  return renderToStaticMarkup(
    createElement(SchemaForm, { schema, value: params, errors, idPrefix: "p", onChange() {} }),
  );
}

const alerts = (html: string) => [...html.matchAll(/role="alert">([^<]*)</g)].map((m) => m[1]);

describe("a JSONata syntax error on a params field", () => {
  it("is shown once under a JSONata param (the transform's expression)", () => {
    const html = paramsForm("transform", transform, { expression: "{ 'total': 1 + " });
    expect(alerts(html)).toHaveLength(1);
    expect(alerts(html)[0]).toMatch(/before end of expression|Expected/);
  });

  it('is shown once under an "=" expression in a param', () => {
    const html = paramsForm("http", http, { url: "=input.host &", method: "GET" });
    expect(alerts(html)).toHaveLength(1);
  });
});
