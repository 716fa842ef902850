/**
 * The runtime-core acceptance test (ARCHITECTURE.md, "Runtime design"): committed transitions happen exactly
 * once however often the runtime dies, and side effects at least once with a stable idempotency key. Real
 * `mfo serve` processes on a real PostgreSQL are killed with SIGKILL: once aimed at a side effect in flight, then
 * at seeded random moments while they run a flow of side-effecting (`log`, `http`), pure (`transform`, `noop`),
 * timer (`wait`) and parallel/join steps, first one process at a time and then two at once on one database.
 * Replay a failure's kill moments with MFO_TEST_SEED=<the printed seed>.
 */
import { randomInt } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type PostgresServer, startPostgres } from "@mfo/runtime/testing";
import type { FlowDefinition } from "@mfo/schemas";
import { seededRandom } from "@mfo/schemas/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type EffectServer, startEffectServer } from "../support/effect-server.js";
import {
  eventsOf,
  type FlowEvent,
  historyProblems,
  type InstanceBody,
  instanceOf,
  instancesOf,
  rerunCount,
} from "../support/flow-history.js";
import { type RuntimeEnv, type RuntimeProcess, startRuntime, stopAll, waitFor } from "../support/runtime-process.js";

const SEED = process.env.MFO_TEST_SEED ? Number(process.env.MFO_TEST_SEED) : randomInt(2 ** 31);
if (!Number.isSafeInteger(SEED))
  throw new Error(`MFO_TEST_SEED must be a whole number, not "${process.env.MFO_TEST_SEED}"`);
const ROUNDS = 20;
/** From this round on, two processes run at once and each is killed at its own moment. */
const TWO_PROCESS_FROM = 10;
const INSTANCES = 48;
/** Instances are created over the first rounds, so crashes keep landing in fresh work. */
const CREATE_ROUNDS = 16;
const KILL_DELAY_MS = { min: 20, max: 400 };
const FLOW_TYPE = "crash-course";
/** How long the effect server takes to answer the flow's `http` call. */
const EFFECT_DELAY_MS = 40;
/** The survivor gives up waiting once no instance has moved for this long. */
const STALL_MS = 5_000;

/**
 * Every kind of step: pure phases, side-effecting `log` phases (durable boundaries), an `http` call to the test's
 * effect server (slow enough for kills to land while it is in flight), a timer, and a parallel/join.
 */
const crashFlow = (effectUrl: string): FlowDefinition => ({
  id: FLOW_TYPE,
  name: "Crash course",
  description: "Side effects, pure phases, a timer and a parallel/join, for the kill -9 test.",
  input: { type: "object", required: ["n"], properties: { n: { type: "integer" } } },
  nodes: [
    { id: "start", type: "start" },
    { id: "prepare", type: "phase", handler: "transform", params: { expression: "{ 'double': input.n * 2 }" } },
    { id: "announce", type: "phase", handler: "log", params: { message: "announce" } },
    { id: "fan", type: "parallel" },
    { id: "left_log", type: "phase", handler: "log", params: { message: "left" } },
    {
      id: "left_call",
      type: "phase",
      handler: "http",
      params: { url: effectUrl, method: "POST", body: { side: "left" } },
    },
    {
      id: "left_calc",
      type: "phase",
      handler: "transform",
      params: { expression: "phases.prepare.output.double + 1" },
    },
    { id: "right_wait", type: "wait", delayMs: 150 },
    { id: "right_log", type: "phase", handler: "log", params: { message: "right" } },
    { id: "right_calc", type: "phase", handler: "noop", params: { output: { side: "right" } } },
    { id: "merge", type: "join" },
    {
      id: "summarize",
      type: "phase",
      handler: "transform",
      params: {
        expression: "{ 'n': input.n, 'left': phases.left_calc.output, 'right': phases.right_calc.output.side }",
      },
    },
    { id: "final_log", type: "phase", handler: "log", params: { message: "final" } },
    { id: "tidy", type: "phase", handler: "noop", params: { output: { tidy: true } } },
    { id: "done", type: "end", outcome: "completed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "prepare" },
    { id: "e2", source: "prepare", target: "announce" },
    { id: "e3", source: "announce", target: "fan" },
    { id: "e4", source: "fan", target: "left_log" },
    { id: "e5", source: "left_log", target: "left_call" },
    { id: "e5b", source: "left_call", target: "left_calc" },
    { id: "e6", source: "left_calc", target: "merge" },
    { id: "e7", source: "fan", target: "right_wait" },
    { id: "e8", source: "right_wait", target: "right_log" },
    { id: "e9", source: "right_log", target: "right_calc" },
    { id: "e10", source: "right_calc", target: "merge" },
    { id: "e11", source: "merge", target: "summarize" },
    { id: "e12", source: "summarize", target: "final_log" },
    { id: "e13", source: "final_log", target: "tidy" },
    { id: "e14", source: "tidy", target: "done" },
  ],
});

/** One side-effecting phase that calls the test's HTTP server, so a kill can be aimed at the handler in flight. */
const callFlow = (url: string): FlowDefinition => ({
  id: "in-flight",
  name: "In flight",
  nodes: [
    { id: "start", type: "start" },
    { id: "call", type: "phase", handler: "http", params: { url, method: "POST", body: { hello: "world" } } },
    { id: "after", type: "phase", handler: "transform", params: { expression: "phases.call.output.body" } },
    { id: "done", type: "end", outcome: "completed" },
  ],
  edges: [
    { id: "e1", source: "start", target: "call" },
    { id: "e2", source: "call", target: "after" },
    { id: "e3", source: "after", target: "done" },
  ],
});

/** start -> 5 transforms -> end: a create runs all of it and writes it finished in its one statement (issue 17). */
const pureFlow: FlowDefinition = {
  id: "all-pure",
  name: "All pure",
  nodes: [
    { id: "start", type: "start" },
    ...[1, 2, 3, 4, 5].map((k) => ({
      id: `t${k}`,
      type: "phase" as const,
      handler: "transform",
      params: { expression: k === 1 ? "input.n + 1" : `phases.t${k - 1}.output + 1` },
    })),
    { id: "done", type: "end", outcome: "completed" },
  ],
  edges: ["start", "t1", "t2", "t3", "t4", "t5"].map((source, k, all) => ({
    id: `e${k}`,
    source,
    target: all[k + 1] ?? "done",
  })),
};

/** The idempotency key of instance i, so a create cut off by a kill is retried without making a second one. */
const keyOf = (i: number) => `kill-9-${SEED}-${i}`;

describe("kill -9 on PostgreSQL", () => {
  let postgres: PostgresServer | undefined;
  let dataDir: string | undefined;
  const servers: EffectServer[] = [];
  const effectServer = async (options: Parameters<typeof startEffectServer>[0]) => {
    const server = await startEffectServer(options);
    servers.push(server);
    return server;
  };
  const stopEverything = async () => {
    await stopAll();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  };

  /** A runtime environment on a fresh database of the test server, so each test sees only its own instances. */
  const freshEnv = async (): Promise<RuntimeEnv> => ({
    DATABASE_URL: await createTestDatabase((postgres as PostgresServer).url),
    MFO_DATA_DIR: dataDir as string,
    MFO_LEASE_MS: "1000",
    MFO_POLL_MS: "25",
    MFO_HTTP_ALLOW_HOSTS: "127.0.0.1",
    // Random kills may interrupt one step in several rounds in a row, which is no poison pill: every instance
    // must complete here (tests/hostile/poison-pill.test.ts covers the quarantine).
    MFO_QUARANTINE_AFTER: "0",
    LOG_LEVEL: "warn",
  });

  beforeAll(async () => {
    console.log(`kill -9 test seed: ${SEED} (replay with MFO_TEST_SEED=${SEED})`);
    postgres = await startPostgres();
    dataDir = await mkdtemp(join(tmpdir(), "mfo-kill9-"));
  });

  afterEach(stopEverything);

  afterAll(async () => {
    await stopEverything();
    await postgres?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("re-runs a side effect in flight at the kill on the next process, with the same idempotency key", async () => {
    const env = await freshEnv();
    // The first call is never answered: the handler is in flight when the process dies.
    const { keys, url } = await effectServer({ hold: (call) => call === 0 });
    const victim = await startRuntime("in-flight-victim", env);
    expect((await victim.client.request("post /flow-types", { body: callFlow(url) })).status).toBe(201);
    const created = await victim.client.request("post /flows", { body: { flowType: "in-flight" } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await waitFor(() => keys.length === 1, { timeoutMs: 10_000, message: "the http phase never called the server" });
    await victim.kill();

    const successor = await startRuntime("in-flight-successor", env);
    const done = await waitFor(
      async () => {
        const body = await instanceOf(successor, id);
        return body.status === "completed" ? body : undefined;
      },
      {
        timeoutMs: 15_000,
        intervalMs: 100,
        message: async () => {
          const events = await eventsOf(successor, id).catch(() => [] as FlowEvent[]);
          const status = await successor.client.status(id);
          return `instance ${id} is ${status.status} at ${status.currentNodes}, the server saw ${keys.length} calls; events ${events.map((e) => `${e.seq}:${e.type}:${e.nodeId}`).join(" ")}`;
        },
      },
    );
    expect(keys).toEqual([`${id}:call:1`, `${id}:call:1`]);
    expect(done.context.phases.after?.output).toEqual({ answered: 2 });
    const events = await eventsOf(successor, id);
    expect(historyProblems(events, callFlow(url).nodes)).toEqual([]);
    expect(await successor.stop()).toBe(0);
  });

  it("never half-writes an all-pure instance its create runs: each one answered 201 exists, completed", async () => {
    const env = await freshEnv();
    const killRandom = seededRandom(SEED ^ 0x2545f491);
    const first = await startRuntime("pure-publisher", env);
    expect((await first.client.request("post /flow-types", { body: pureFlow })).status).toBe(201);
    await first.stop();
    /** Instances whose create answered 201, with the status the answer gave. */
    const answered = new Map<string, string>();
    let cutOff = 0;
    let n = 0;
    for (let round = 0; round < 6; round++) {
      const victim = await startRuntime(`pure-round-${round}`, env);
      // One create first, so the kill lands on creates at their usual pace, not on the expression pool's start.
      const warm = await victim.client.request("post /flows", { body: { flowType: pureFlow.id, input: { n: n++ } } });
      expect(warm.status, JSON.stringify(warm.body)).toBe(201);
      answered.set(warm.body.id, warm.body.status);
      // Creates in flight from 8 clients at once when the kill lands (each mid-request, or between two).
      const creating = Array.from({ length: 8 }, async () => {
        while (!victim.exited) {
          const input = { n: n++ };
          try {
            const created = await victim.client.request("post /flows", { body: { flowType: pureFlow.id, input } });
            expect(created.status, JSON.stringify(created.body)).toBe(201);
            answered.set(created.body.id, created.body.status);
          } catch (error) {
            if (await victim.exitsWithin(2_000)) {
              cutOff++;
              return;
            }
            throw error;
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(killRandom() * 900)));
      await victim.kill();
      await Promise.all(creating);
    }
    const survivor = await startRuntime("pure-survivor", env);
    const stored = await instancesOf(survivor, pureFlow.id);
    console.log(
      `kill -9 seed ${SEED}, all-pure creates: ${answered.size} answered 201, ${cutOff} cut off, ${stored.length} stored`,
    );
    expect(answered.size).toBeGreaterThan(0);
    // The 201 came after the commit: each answered instance is stored, and its answer was the finished record.
    expect([...answered.values()].every((status) => status === "completed")).toBe(true);
    const storedIds = new Set(stored.map((s) => s.id));
    expect([...answered.keys()].filter((id) => !storedIds.has(id))).toEqual([]);
    // A create cut off by the kill either committed all of it or nothing: no stored instance is half-written or
    // left for a worker.
    expect(stored.filter((s) => s.status !== "completed")).toEqual([]);
    const problems: string[] = [];
    for (const { id } of stored) {
      for (const problem of historyProblems(await eventsOf(survivor, id), pureFlow.nodes))
        problems.push(`${id}: ${problem}`);
    }
    expect(problems).toEqual([]);
    expect(await survivor.stop()).toBe(0);
  });

  it("completes every instance with each transition committed exactly once, through 20 rounds of SIGKILL", async () => {
    const env = await freshEnv();
    const effects = await effectServer({ delayMs: EFFECT_DELAY_MS });
    const flow = crashFlow(effects.url);
    // Kill moments come from their own generator, so a seed replays them whatever else the run does.
    const killRandom = seededRandom(SEED);
    const pickRandom = seededRandom(SEED ^ 0x5bd1e995);
    const ids = new Map<number, string>();
    /** Instance numbers to create, oldest first; one whose create was cut off by a kill stays here. */
    const pending: number[] = [];
    let nextInstance = 0;
    const kills: string[] = [];

    /** Creates the pending instances through whichever process is still alive, until none is. */
    const createPending = async (processes: RuntimeProcess[]) => {
      while (pending.length > 0) {
        const alive = processes.filter((p) => !p.exited);
        const target = alive[Math.floor(pickRandom() * alive.length)];
        if (!target) return;
        const i = pending[0] as number;
        try {
          const created = await target.client.request("post /flows", {
            body: { flowType: FLOW_TYPE, input: { n: i }, idempotencyKey: keyOf(i) },
          });
          if (created.status !== 201 && created.status !== 200) {
            throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
          }
          const known = ids.get(i);
          if (known !== undefined && known !== created.body.id) {
            throw new Error(`idempotency key ${keyOf(i)} gave ${created.body.id}, earlier ${known}`);
          }
          ids.set(i, created.body.id);
          pending.shift();
        } catch (error) {
          // Cut off by the kill (the exit may be reported just after the connection drops): the next round
          // retries it with the same idempotency key.
          if (await target.exitsWithin(2_000)) continue;
          throw error;
        }
      }
    };

    const first = await startRuntime("publisher", env);
    const published = await first.client.request("post /flow-types", { body: flow });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    await first.stop();

    for (let round = 0; round < ROUNDS; round++) {
      const count = round < CREATE_ROUNDS ? Math.round(((round + 1) * INSTANCES) / CREATE_ROUNDS) - nextInstance : 0;
      for (let k = 0; k < count; k++) pending.push(nextInstance++);
      const width = round >= TWO_PROCESS_FROM ? 2 : 1;
      const processes = await Promise.all(
        Array.from({ length: width }, (_, p) => startRuntime(`round-${round}-${p}`, env)),
      );
      const delays = processes.map(
        () => KILL_DELAY_MS.min + Math.floor(killRandom() * (KILL_DELAY_MS.max - KILL_DELAY_MS.min)),
      );
      kills.push(delays.join("+"));
      await Promise.all([
        ...processes.map(async (p, k) => {
          await new Promise((resolve) => setTimeout(resolve, delays[k]));
          await p.kill();
        }),
        createPending(processes),
      ]);
    }
    expect(nextInstance).toBe(INSTANCES);

    const survivor = await startRuntime("survivor", env);
    await createPending([survivor]);
    expect(pending, "instances never created").toEqual([]);

    // Wait until every instance completed, or nothing has moved for STALL_MS (more waiting would not help:
    // leases are 1 s and the wait node 150 ms), within a bounded time.
    let last = "";
    let movedAt = Date.now();
    const summaries = await waitFor(
      async () => {
        const all = await instancesOf(survivor, FLOW_TYPE);
        const done = all.length === INSTANCES && all.every((i) => i.status === "completed");
        const fingerprint = all.map((i) => `${i.id}:${i.status}:${i.currentNodes}`).join(";");
        if (fingerprint !== last) [last, movedAt] = [fingerprint, Date.now()];
        return done || Date.now() - movedAt > STALL_MS ? all : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, message: `seed ${SEED}: instances still moving after 30 s` },
    );

    // Each idempotency key made exactly one instance, and that is every instance of the flow type.
    expect(new Set(ids.values()).size).toBe(INSTANCES);
    expect(new Set(summaries.map((s) => s.id))).toEqual(new Set(ids.values()));

    const effectKeys = [...effects.keys];
    let reruns = 0;
    let repeatedCalls = 0;
    const stuck: string[] = [];
    const problems: string[] = [];
    for (const [i, id] of ids) {
      const [events, body]: [FlowEvent[], InstanceBody] = await Promise.all([
        eventsOf(survivor, id),
        instanceOf(survivor, id),
      ]);
      reruns += rerunCount(events);
      if (body.status !== "completed") {
        const tail = events.slice(-3).map((e) => `${e.seq}:${e.type}:${e.nodeId}`);
        stuck.push(`instance ${i} (${id}) ${body.status} at ${body.currentNodes}; last events ${tail.join(" ")}`);
        continue;
      }
      for (const problem of historyProblems(events, flow.nodes)) problems.push(`instance ${i} (${id}): ${problem}`);
      // Seen from outside: the call happened at least once, and every re-run kept the attempt's idempotency key.
      const calls = effectKeys.filter((key) => key.startsWith(`${id}:`));
      repeatedCalls += Math.max(0, calls.length - 1);
      if (calls.length < 1 || calls.some((key) => key !== `${id}:left_call:1`)) {
        problems.push(`instance ${i} (${id}): effect keys ${calls.join(",") || "none"}`);
      }
      const summary = body.context.phases.summarize?.output;
      if (JSON.stringify(summary) !== JSON.stringify({ n: i, left: 2 * i + 1, right: "right" })) {
        problems.push(`instance ${i} (${id}): summarize gave ${JSON.stringify(summary)}`);
      }
      for (const node of flow.nodes.filter((n) => n.type === "phase")) {
        const status = body.context.phases[node.id]?.status;
        if (status !== "completed") problems.push(`instance ${i} (${id}): phase ${node.id} is ${status}`);
      }
    }
    console.log(
      `kill -9 seed ${SEED}: ${kills.length} rounds, kill delays (ms) ${kills.join(" ")}; ` +
        `${reruns} attempts re-run after a kill, ${repeatedCalls} repeated http calls; ` +
        `${stuck.length} instances not completed`,
    );
    if (stuck.length > 0) console.log(`the survivor's output (tail):\n${survivor.output().slice(-4_000)}`);
    expect.soft(stuck, `seed ${SEED}: instances not completed`).toEqual([]);
    expect.soft(problems, `seed ${SEED}: history of completed instances`).toEqual([]);
    expect(await survivor.stop()).toBe(0);
  });
});
