/**
 * An example pack: one handler (`greet`) and one template that uses it (`greeting`). Load it beside the
 * migration pack with
 *   MFO_PACKS=@mfo/pack-migration,./examples/packs/greeting-pack.mjs npm start
 * (a path is read from the current directory). runtime/src/packs/example-pack.test.ts runs it.
 */
import { createPureHandler } from "@mfo/runtime/pack";

/** Pure: the same name always gives the same greeting, so the engine may batch its step. */
const greet = createPureHandler(
  {
    name: "greet",
    title: "Greet",
    description: "Returns a greeting for params.name.",
    category: "examples",
    paramsSchema: {
      type: "object",
      required: ["name"],
      properties: { name: { type: "string", minLength: 1, description: "who to greet" } },
      additionalProperties: false,
    },
  },
  ({ name }) => ({ greeting: `Hello, ${name}!` }),
);

const greeting = {
  id: "greeting",
  name: "Greeting",
  description: "Greets input.name with the example pack's greet handler.",
  input: { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1 } } },
  nodes: [
    { id: "start", type: "start" },
    { id: "greet", type: "phase", label: "Greet", handler: "greet", params: { name: "=input.name" } },
    { id: "end", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "greet" },
    { id: "e2", source: "greet", target: "end" },
  ],
};

export default {
  name: "greeting",
  handlers: [greet],
  validators: [],
  templates: [{ file: "greeting.json", definition: greeting }],
};
