/**
 * A runtime for engine tests, on either database driver: migrated database, default tenant, registry, and an
 * engine with test handlers that make failure, slowness and side effects observable. Tests drive the worker by
 * hand (`settle`), so nothing runs in the background unless a test starts it.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  builtinCatalogue,
  type CatalogueEntry,
  type FlowDefinition,
  type FlowNode,
  mergeCatalogues,
} from "@mfo/schemas";
import { createSealer, type Sealer } from "../crypto/sealer.js";
import { Engine } from "../engine/engine.js";
import { sharedExpressionPool } from "../expression/shared-pool.js";
import { createLogHandler } from "../handlers/log.js";
import { createTransformHandler } from "../handlers/transform.js";
import { type Handler, HandlerError, type Validator } from "../handlers/types.js";
import { FlowRegistry } from "../registry/flow-registry.js";
import { type Database, openDatabase } from "../store/database.js";
import { type InstanceRecord, loadInstance } from "../store/instances/index.js";
import { runMigrations } from "../store/migrate.js";
import { tenants } from "../store/schema.js";
import { createTestDatabase } from "./postgres-server.js";

export const TENANT = "default";
const entry = (name: string, pure = false): CatalogueEntry => ({
  name,
  title: name,
  description: `test handler ${name}`,
  pure,
  paramsSchema: { type: "object", additionalProperties: true },
});

/** A flow `start -> the given phases in a line -> done` (nodes default to type phase). */
export function lineFlow(
  id: string,
  phases: Array<Partial<FlowNode> & { id: string }>,
  extra: Partial<FlowDefinition> = {},
): FlowDefinition {
  const nodes = [
    { id: "start", type: "start" },
    ...phases.map((p) => ({ type: "phase", ...p })),
    { id: "done", type: "end" },
  ];
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]?.id as string, target: n.id }));
  return { id, name: id, nodes, edges, ...extra } as FlowDefinition;
}

export interface TestRuntime {
  database: Database;
  registry: FlowRegistry;
  engine: Engine;
  /**
   * The engine of another process on the same store (its own worker and lease owner) whose clock is `aheadMs`
   * ahead: the leases of the engines before it look lapsed to it, as they do to a process started after a crash.
   */
  laterProcess(aheadMs: number): Engine;
  /** The engine's sealer (a random key per test runtime). */
  sealer: Sealer;
  /** Lines the handlers logged (through the engine's logger), as "<level> <message> <fields as JSON>". */
  logs: string[];
  /** Idempotency keys of every `record` and `flaky` call, in call order. */
  calls: string[];
  /** Opens the gate that `gated` handlers wait on. */
  release(): void;
  /** Runs the worker until the instance stops moving or reaches one of `statuses`, within `timeoutMs`. */
  settle(id: string, statuses?: string[], timeoutMs?: number): Promise<InstanceRecord>;
  close(): Promise<void>;
}

/**
 * A test runtime on `driver`; `options.chainTransforms: false` evaluates every transform on its own (to compare
 * with the chained runs), `options.createBudgetMs: 0` leaves every step of a new instance to the worker (to
 * compare with the creates that run pure steps).
 */
export async function createTestRuntime(
  driver: "pglite" | "postgres",
  postgresUrl?: string,
  options: { chainTransforms?: boolean; createBudgetMs?: number } = {},
): Promise<TestRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), "mfo-engine-"));
  const databaseUrl = driver === "postgres" ? await createTestDatabase(postgresUrl as string) : undefined;
  const database = await openDatabase({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  await runMigrations(database);
  await database.db.insert(tenants).values({ id: TENANT, name: "Default" });

  const calls: string[] = [];
  const logs: string[] = [];
  const line = (level: string) => (fields: Record<string, unknown>, message: string) => {
    logs.push(`${level} ${message} ${JSON.stringify(fields)}`);
  };
  const logger = { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
  const sealer = createSealer({ current: randomBytes(32) });
  const failures = new Map<string, number>();
  const interfered = new Set<string>();
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  // The expression pool the runtime uses (shared by the test runtimes of a test file: its processes start once).
  const expressions = sharedExpressionPool();
  const evaluate = (source: string, data: unknown) => expressions.evaluate(source, data);
  const handlers = new Map<string, Handler>([
    ["log", createLogHandler()],
    ["noop", { entry: entry("noop", true), run: async (params) => params.output ?? {} }],
    // The built-in one, so that its phases chain (engine/transform-chain.ts) as in the runtime.
    ["transform", createTransformHandler({ expressions })],
    [
      "record",
      {
        entry: entry("record"),
        run: async (params, ctx) => {
          calls.push(ctx.idempotencyKey);
          return { recorded: ctx.idempotencyKey, params };
        },
      },
    ],
    [
      "flaky",
      {
        // Fails the first `failures` calls per node of an instance (with `message`, if given), then succeeds.
        entry: entry("flaky"),
        run: async (params, ctx) => {
          calls.push(ctx.idempotencyKey);
          const key = `${ctx.instanceId}:${ctx.nodeId}`;
          const seen = (failures.get(key) ?? 0) + 1;
          failures.set(key, seen);
          if (seen <= Number(params.failures ?? 0))
            throw new HandlerError(String(params.message ?? `failure ${seen}`), "flaky");
          return { succeededOn: seen };
        },
      },
    ],
    [
      "interfere",
      {
        // Pure, so the worker runs it while it advances in memory: the pause it asks for (once per instance)
        // commits first, and the worker's next commit loses the race to it.
        entry: entry("interfere", true),
        run: async (_params, ctx) => {
          if (!interfered.has(ctx.instanceId)) {
            interfered.add(ctx.instanceId);
            await engine.pause(TENANT, ctx.instanceId);
          }
          return {};
        },
      },
    ],
    [
      "gated",
      {
        entry: entry("gated"),
        run: async (_params, ctx) => {
          await Promise.race([
            gate,
            new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason))),
          ]);
          return { released: true };
        },
      },
    ],
  ]);
  const validators = new Map<string, Validator>([
    [
      "expression",
      {
        entry: builtinCatalogue.validators.find((v) => v.name === "expression") as CatalogueEntry,
        check: async (output, params) =>
          (await evaluate(String(params.expression), output)) === true
            ? { ok: true }
            : { ok: false, message: `${params.expression} is not true` },
      },
    ],
    [
      "required",
      {
        entry: builtinCatalogue.validators.find((v) => v.name === "required") as CatalogueEntry,
        check: async (output, params) => {
          const missing = (params.fields as string[]).filter((f) => (output as Record<string, unknown>)?.[f] == null);
          return missing.length ? { ok: false, message: `missing ${missing.join(", ")}` } : { ok: true };
        },
      },
    ],
  ]);
  const catalogue = mergeCatalogues(builtinCatalogue, {
    handlers: [...handlers.values()].map((h) => h.entry),
    validators: [],
  });
  const registry = new FlowRegistry(database.db, catalogue);
  const engineAhead = (aheadMs: number) =>
    new Engine({
      db: database.db,
      registry,
      leaseMs: 2_000,
      ...(options.createBudgetMs === undefined ? {} : { createBudgetMs: options.createBudgetMs }),
      deps: {
        handlers,
        validators,
        expressions,
        ...(options.chainTransforms === undefined ? {} : { chainTransforms: options.chainTransforms }),
        logger,
        sealer,
        now: () => new Date(Date.now() + aheadMs),
        random: Math.random,
      },
    });
  const engine = engineAhead(0);

  return {
    database,
    registry,
    engine,
    laterProcess: engineAhead,
    sealer,
    logs,
    calls,
    release() {
      open();
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
    },
    async settle(id, statuses = ["completed", "failed", "cancelled", "waiting", "paused"], timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const processed = await engine.runOnce();
        const record = (await loadInstance(database.db, id)) as InstanceRecord;
        if (statuses.includes(record.status) || Date.now() > deadline) return record;
        if (processed === 0) await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      await engine.stop();
      await registry.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
