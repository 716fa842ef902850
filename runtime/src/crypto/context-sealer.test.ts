/** Sealing an instance context: which parts are sealed, what opens back, what text is redacted. */
import { randomBytes } from "node:crypto";
import type { FlowDefinition } from "@mfo/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contextSealerFor } from "./context-sealer.js";
import { REDACTED, redactSealed, secretStrings, textRedactor } from "./redact.js";
import { createSealer, isSealed, SEALED_KEY } from "./sealer.js";

const sealer = createSealer({ current: randomBytes(32) });
const flow = (nodes: unknown[]) => ({ id: "f", name: "f", nodes, edges: [] }) as unknown as FlowDefinition;
const withSecret = flow([
  { id: "start", type: "start" },
  { id: "login", type: "phase", handler: "noop", sensitive: ["token", "pin"] },
  { id: "done", type: "end" },
]);
const context = () => ({
  input: { user: "ada" },
  phases: {
    login: { status: "completed", attempts: 1, output: { token: "tok-123456", pin: 42, user: "ada" } },
    use: { status: "completed", attempts: 1, output: { header: "Bearer tok-123456", size: 3 } },
  },
  vars: {},
});

describe("context sealer", () => {
  it("is not built for a flow that can hold no secret (the fast path), but is for a child instance", () => {
    const plain = flow([
      { id: "start", type: "start" },
      { id: "a", type: "phase", handler: "noop" },
    ]);
    expect(contextSealerFor(plain, sealer, false)).toBeUndefined();
    expect(contextSealerFor(plain, sealer, true)).toBeDefined();
    expect(contextSealerFor(flow([{ id: "c", type: "subflow", flowType: "x" }]), sealer, false)).toBeDefined();
  });

  it("seals the sensitive fields whole and strings built from a secret, and leaves the rest readable", () => {
    const sealed = contextSealerFor(withSecret, sealer, false)?.seal(context()) as ReturnType<typeof context>;
    const login = sealed.phases.login.output as Record<string, unknown>;
    expect(isSealed(login.token)).toBe(true);
    expect(isSealed(login.pin)).toBe(true);
    expect(login.user).toBe("ada");
    expect(isSealed(sealed.phases.use.output.header)).toBe(true);
    expect(sealed.phases.use.output.size).toBe(3);
    expect(sealed.input).toEqual({ user: "ada" });
    expect(JSON.stringify(sealed)).not.toContain("tok-123456");
  });

  it("opens a stored context in place and keeps sealed whatever it found sealed", () => {
    const stored = contextSealerFor(withSecret, sealer, false)?.seal(context());
    const reader = contextSealerFor(withSecret, sealer, false);
    const opened = reader?.open(structuredClone(stored));
    expect(opened).toEqual(context());
    // The header was sealed for its text; once opened it is remembered as a sealed place, secret or not.
    const again = reader?.seal(opened) as ReturnType<typeof context>;
    expect(isSealed(again.phases.use.output.header)).toBe(true);
  });

  it("remembers sealed values found in a child's outputs under the path where they land", () => {
    const parent = contextSealerFor(flow([{ id: "child", type: "subflow", flowType: "c" }]), sealer, false);
    const childOutput = { instanceId: "i", phases: { login: { token: sealer.seal("child-secret") } } };
    const output = parent?.open(childOutput, ["phases", "child", "output"]);
    expect(output).toEqual({ instanceId: "i", phases: { login: { token: "child-secret" } } });
    const root = { input: {}, phases: { child: { status: "completed", attempts: 1, output } }, vars: {} };
    expect([...(parent?.secrets(root) ?? [])]).toEqual(["child-secret"]);
    expect(JSON.stringify(parent?.seal(root))).not.toContain("child-secret");
  });

  it("seals a plain object that only looks like a marker, so reading it back cannot mistake it", () => {
    const keeper = contextSealerFor(withSecret, sealer, false);
    const tricky = { input: { fake: { [SEALED_KEY]: "v1.not-a-real-marker" } }, phases: {}, vars: {} };
    const stored = keeper?.seal(tricky) as typeof tricky;
    expect(stored.input.fake[SEALED_KEY]).toMatch(/^v1\./);
    expect(contextSealerFor(withSecret, sealer, false)?.open(structuredClone(stored))).toEqual(tricky);
  });

  it("seals only the strings that hold a secret in another instance's stored value, keeping its markers", () => {
    const keeper = contextSealerFor(withSecret, sealer, false);
    const marker = sealer.seal("already");
    const value = keeper?.sealStrings({ auth: "Bearer tok-123456", kept: marker, n: 1 }, ["tok-123456"]) as Record<
      string,
      unknown
    >;
    expect(isSealed(value.auth)).toBe(true);
    expect(value.kept).toBe(marker);
    expect(value.n).toBe(1);
  });

  it("round-trips any context whatever fields are sensitive", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue()),
        fc.array(fc.string({ minLength: 1 }), { minLength: 1 }),
        fc.jsonValue(),
        (output, fields, input) => {
          const definition = flow([{ id: "p", type: "phase", handler: "noop", sensitive: fields }]);
          const plain = JSON.parse(JSON.stringify({ input: { input }, phases: { p: { output } }, vars: {} }));
          const stored = contextSealerFor(definition, sealer, false)?.seal(plain);
          expect(contextSealerFor(definition, sealer, false)?.open(structuredClone(stored))).toEqual(plain);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("redaction", () => {
  it("shows markers as [redacted] and shares the parts without one", () => {
    const shown = { a: { b: 1 }, c: [sealer.seal("x"), 2] };
    const body = redactSealed(shown);
    expect(body).toEqual({ a: { b: 1 }, c: [REDACTED, 2] });
    expect(body.a).toBe(shown.a);
    const untouched = { a: [1, { b: "c" }] };
    expect(redactSealed(untouched)).toBe(untouched);
  });

  it("cuts every secret out of a text, the longest first, and leaves very short values alone", () => {
    const redact = textRedactor(secretStrings({ short: "abcd", long: "abcdef", tiny: "ab" }));
    expect(redact("x abcdef y abcd z ab")).toBe(`x ${REDACTED} y ${REDACTED} z ab`);
    expect(textRedactor([])("same")).toBe("same");
  });
});
