/**
 * A straight run of transforms evaluated in one pool job (transform-chain.ts) gives the instance exactly what
 * running them one by one gives: context, events and phase outputs, failures with their code and message, and
 * a hostile expression in the middle still fails its node with expression-timeout.
 */
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { sharedExpressionPool } from "../expression/shared-pool.js";
import { eventsOf, type InstanceRecord } from "../store/instances/index.js";
import { createTestRuntime, lineFlow, TENANT, type TestRuntime } from "../testing/test-runtime.js";

const transforms = (id: string, sources: string[]): FlowDefinition =>
  lineFlow(
    id,
    sources.map((source, i) => ({ id: `t${i + 1}`, handler: "transform", params: { expression: source } })),
  );

/** What an instance ended with, the clock's values left out (two runs never share them). */
const timeless = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (key, item) => (/At$|^at$/.test(key) && item !== null ? "<time>" : item));

describe("a chain of transforms", () => {
  let chained: TestRuntime;
  let single: TestRuntime;
  beforeAll(async () => {
    chained = await createTestRuntime("postgres", inject("postgresUrl"));
    single = await createTestRuntime("postgres", inject("postgresUrl"), { chainTransforms: false });
  }, 60_000);
  afterAll(async () => {
    await chained?.close();
    await single?.close();
  });

  const runOn = async (rt: TestRuntime, definition: FlowDefinition) => {
    await rt.registry.publish(TENANT, definition);
    const { record } = await rt.engine.create(TENANT, { flowType: definition.id, input: { n: 2, tag: "x" } });
    const done = await rt.settle(record.id, undefined, 30_000);
    const events = (await eventsOf(rt.database.db, done.id)).map((e) => [e.type, e.nodeId, e.data]);
    return { status: done.status, context: timeless(done.context) as InstanceRecord["context"], events };
  };
  /** The flow run on both runtimes, with the number of chain jobs the chained one sent. */
  const both = async (definition: FlowDefinition) => {
    const spy = vi.spyOn(sharedExpressionPool(), "chain");
    try {
      const withChain = await runOn(chained, definition);
      const jobs = spy.mock.calls.length;
      spy.mockClear();
      const without = await runOn(single, definition);
      expect(spy).not.toHaveBeenCalled();
      return { withChain, without, jobs };
    } finally {
      spy.mockRestore();
    }
  };

  it("gives the same context, events and outputs as running each transform alone", async () => {
    const { withChain, without, jobs } = await both(
      transforms("chain-same", [
        '{ "n": input.n + 1, "vars": $count($keys(vars)), "own": phases.t1.status }',
        '{ "n": phases.t1.output.n * 10, "was": phases.t1.status, "tries": phases.t2.attempts, "tag": input.tag }',
        '{ "keys": $keys(phases), "n": phases.t2.output.n + 1, "none": nothing }',
        "phases.t3.output.none",
        // Reads a chained phase's timestamp: evaluated the ordinary way, from where the chain stopped.
        'phases.t4.finishedAt ? "stamped" : "not yet"',
        '$string(phases.t5.output) & "!"',
      ]),
    );
    expect(jobs).toBeGreaterThanOrEqual(2);
    expect(withChain.status).toBe("completed");
    expect(withChain).toEqual(without);
    const phases = withChain.context.phases;
    expect(phases.t3?.output).toEqual({ keys: ["t1", "t2", "t3"], n: 31 });
    expect(phases.t4?.output).toBeNull();
    expect(phases.t6?.output).toBe("stamped!");
  });

  it("fails a node in the middle with the same code and message as unchained", async () => {
    const { withChain, without, jobs } = await both(
      transforms("chain-fails", ["input.n", '$error("no " & phases.t1.output)', "3"]),
    );
    expect(jobs).toBe(1);
    expect(withChain.status).toBe("failed");
    expect(withChain).toEqual(without);
    expect(withChain.context.phases.t2?.error).toMatchObject({ code: "expression-failed" });
  });

  it("still fails a hostile expression in the middle with expression-timeout", async () => {
    const hostile = '$match("aaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a+)+$/)';
    const { withChain, without } = await both(transforms("chain-hostile", ["input.n", hostile, "3"]));
    expect(withChain.status).toBe("failed");
    expect(withChain.context.phases.t2?.error).toMatchObject({ code: "expression-timeout" });
    expect(withChain).toEqual(without);
  }, 60_000);
});
