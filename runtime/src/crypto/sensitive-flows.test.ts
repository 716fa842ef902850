/**
 * Sensitive phase outputs through the engine: usable in later expressions and handlers, sealed in the stored row,
 * cut out of events, errors and handler logs, and kept sealed across subflows in both directions.
 */
import type { FlowDefinition } from "@mfo/schemas";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presentInstance } from "../http/presenters.js";
import { type InstanceRecord, loadInstance } from "../store/instances/index.js";
import { events } from "../store/schema.js";
import { createTestRuntime, lineFlow, TENANT, type TestRuntime } from "../testing/test-runtime.js";
import { REDACTED } from "./redact.js";
import { isSealed, type SealedValue } from "./sealer.js";

/** A transform that makes up a new secret on each run, so that no definition or input holds it. */
const MAKE_SECRET = "{ 'token': 'tok-' & $substring($string($random()), 2) & '-' & $substring($string($random()), 2) }";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime("pglite");
});
afterAll(async () => {
  await rt?.close();
});

async function run(definition: FlowDefinition, ...more: FlowDefinition[]): Promise<InstanceRecord> {
  for (const flow of [...more, definition]) await rt.registry.publish(TENANT, flow);
  const { record } = await rt.engine.create(TENANT, { flowType: definition.id });
  return rt.settle(record.id);
}

/** A phase's output as stored (an empty object when the phase has none). */
function outputOf(record: InstanceRecord, phaseId: string): Record<string, unknown> {
  return (record.context.phases[phaseId]?.output ?? {}) as Record<string, unknown>;
}

/** The row and the instance's events as PostgreSQL stores them (text), to look for plaintext in. */
async function stored(id: string): Promise<string> {
  const row = await rt.database.db.execute(sql`select context::text, last_error::text from instances where id = ${id}`);
  const history = await rt.database.db.select().from(events).where(eq(events.instanceId, id));
  return JSON.stringify(row) + JSON.stringify(history);
}

describe("sensitive outputs in the engine", () => {
  it("keeps a secret usable by later phases while the row, events, errors and logs never hold it", async () => {
    const flow = lineFlow("secretive", [
      { id: "login", handler: "transform", params: { expression: MAKE_SECRET }, sensitive: ["token"] },
      {
        id: "use",
        handler: "transform",
        params: {
          expression:
            "{ 'header': 'Bearer ' & phases.login.output.token, 'length': $length(phases.login.output.token) }",
        },
      },
      { id: "call", handler: "record", params: { auth: "=phases.use.output.header" } },
      {
        id: "note",
        handler: "log",
        params: {
          message: "='token is ' & phases.login.output.token",
          fields: "={ 'token': phases.login.output.token }",
        },
      },
      {
        id: "risky",
        handler: "flaky",
        params: { failures: 1, message: "='refused ' & phases.login.output.token" },
        retry: { maxAttempts: 2, initialDelayMs: 1 },
      },
      {
        id: "broken",
        handler: "flaky",
        params: { failures: 9, message: "='still refused ' & phases.login.output.token" },
        retry: { maxAttempts: 1 },
        onError: "continue",
      },
    ] as never);
    const done = await run(flow);
    expect(done.status).toBe("completed");

    const phases = done.context.phases;
    const token = phases.login?.output?.token as SealedValue;
    expect(isSealed(token)).toBe(true);
    const secret = rt.sealer.open(token) as string;
    expect(secret).toMatch(/^tok-\d+-\d+$/);
    // Expressions and handlers saw the plaintext; what they built from it is sealed as well.
    expect(phases.use?.output?.length).toBe(secret.length);
    const received = (outputOf(done, "call").params as { auth: SealedValue }).auth;
    expect(rt.sealer.open(received)).toBe(`Bearer ${secret}`);

    expect(await stored(done.id)).not.toContain(secret);
    const shown = presentInstance(done, flow);
    expect(shown.context.phases.login?.output).toEqual({ token: REDACTED });
    expect(shown.context.phases.use?.output).toEqual({ header: REDACTED, length: secret.length });
    expect(JSON.stringify(shown)).not.toContain(secret);

    const history = await rt.database.db.select().from(events).where(eq(events.instanceId, done.id));
    const retrying = history.find((e) => e.type === "node.retrying" && e.nodeId === "risky");
    expect(retrying?.data).toMatchObject({ message: `refused ${REDACTED}` });
    const failed = history.find((e) => e.type === "node.failed" && e.nodeId === "broken");
    expect(failed?.data).toMatchObject({ message: `still refused ${REDACTED}` });
    expect(phases.broken?.error).toMatchObject({ message: `still refused ${REDACTED}` });

    const logged = rt.logs.filter((line) => line.includes("token is"));
    expect(logged).toEqual([`info token is ${REDACTED} {"token":"${REDACTED}"}`]);
    expect(rt.logs.join("\n")).not.toContain(secret);
  });

  it("stores a flow without sensitive fields exactly as it is", async () => {
    const done = await run(
      lineFlow("open-book", [{ id: "calc", handler: "transform", params: { expression: "{ 'n': 42 }" } }]),
    );
    expect(done.context.phases.calc?.output).toEqual({ n: 42 });
  });

  it("keeps a child's secret sealed in its parent, and a parent's secret sealed in its child's input", async () => {
    const child = lineFlow("child-login", [
      { id: "login", handler: "transform", params: { expression: MAKE_SECRET }, sensitive: ["token"] },
      { id: "echo", handler: "transform", params: { expression: "{ 'given': $length(input.token) }" } },
    ]);
    const parent = lineFlow("parent-login", [
      { id: "login", handler: "transform", params: { expression: MAKE_SECRET }, sensitive: ["token"] },
      { id: "delegate", type: "subflow", flowType: "child-login", input: "{ 'token': phases.login.output.token }" },
      {
        id: "use",
        handler: "transform",
        params: { expression: "{ 'childLength': $length(phases.delegate.output.phases.login.token) }" },
      },
    ] as never);
    const done = await run(parent, child);
    expect(done.status).toBe("completed");
    const ownSecret = rt.sealer.open(done.context.phases.login?.output?.token as SealedValue) as string;
    const fromChild = (outputOf(done, "delegate") as { phases: { login: { token: SealedValue } } }).phases;
    const childSecret = rt.sealer.open(fromChild.login.token) as string;
    expect(done.context.phases.use?.output).toEqual({ childLength: childSecret.length });

    const childId = outputOf(done, "delegate").instanceId as string;
    const childRow = (await loadInstance(rt.database.db, childId)) as InstanceRecord;
    expect(isSealed(childRow.context.input.token)).toBe(true);
    expect(childRow.context.phases.echo?.output).toEqual({ given: ownSecret.length });

    for (const id of [done.id, childId]) {
      const text = await stored(id);
      expect(text).not.toContain(ownSecret);
      expect(text).not.toContain(childSecret);
    }
  });
});
