/**
 * Assembles a runtime from its configuration: handlers and validators (the built-ins and the packs'), database
 * (migrated), default tenant and admin key, catalogue, registry (pack templates and MFO_FLOWS_DIR published),
 * engine and HTTP app. `mfo serve` and the integration tests both build the runtime here, so what is tested is
 * what runs.
 */
import { mkdir } from "node:fs/promises";
import { pino } from "pino";
import type { StorybookBuild } from "../assets/storybook-build.js";
import { catalogueOf } from "../catalogue/runtime-catalogue.js";
import { encryptionKeysOf } from "../crypto/encryption-key.js";
import { keptSecret } from "../crypto/kept-secret.js";
import { createSealer } from "../crypto/sealer.js";
import { Engine } from "../engine/engine.js";
import { createEventBus, type EventBus } from "../events/event-bus.js";
import { createInstanceEndings, type InstanceEndings } from "../events/instance-endings.js";
import { createExpressionPool } from "../expression/expression-pool.js";
import { createBuiltinHandlers } from "../handlers/registry.js";
import { createApp } from "../http/app.js";
import { DEFAULT_TENANT, generateKey } from "../http/auth.js";
import { createRuntimeMetrics } from "../metrics/runtime-metrics.js";
import { loadPacks } from "../packs/load-packs.js";
import { mergePacks } from "../packs/merge-packs.js";
import type { Pack } from "../packs/pack.js";
import { FlowRegistry } from "../registry/flow-registry.js";
import { createScheduleTicker, type ScheduleTicker } from "../schedules/schedule-ticker.js";
import { createSecretVault, type SecretVault } from "../secrets/secret-vault.js";
import { type Database, openDatabase } from "../store/database.js";
import { migrationState, runMigrations } from "../store/migrate.js";
import { setGroupCommit } from "../store/statements.js";
import { ensureTenant, storeKey } from "../store/tenant-repository.js";
import { createBuiltinValidators } from "../validators/registry.js";
import type { RuntimeConfig } from "./config.js";
import { type PublishedFile, publishDir, publishTemplates } from "./publish-at-start.js";
import { createStartUpTimer, type StartUpPhases, type StartUpTimer } from "./start-up-phases.js";
import { DEFAULT_TEST_RUN_RETENTION_MS, startTestRunSweeper, type TestRunSweeper } from "./test-run-sweeper.js";

export { DEFAULT_TENANT };

export interface Runtime {
  database: Database;
  /** The tenant's secrets (sealed at rest); tests and the CLI read or write them here. */
  secrets: SecretVault;
  registry: FlowRegistry;
  engine: Engine;
  /** Fires the schedules due (any process may; each due time starts one instance); `mfo serve` starts it. */
  schedules: ScheduleTicker;
  /** Removes test runs of drafts past MFO_TEST_RUN_RETENTION (its sweep() runs one now: tests, operators). */
  testRuns: TestRunSweeper;
  /** Wakes live event streams; closing it ends them (close it before the HTTP server, which waits for them). */
  events: EventBus;
  /** What create-and-wait requests wait on; closing the bus answers them (202). */
  endings: InstanceEndings;
  app: ReturnType<typeof createApp>;
  adminKey: string;
  /** Flow files published at start-up, with what happened to each. */
  published: PublishedFile[];
  logger: pino.Logger;
  /** Milliseconds each start phase took (the caller's timer, when it passed one, holds them too). */
  startUp: StartUpPhases;
  close(): Promise<void>;
}

/** The admin key: MFO_ADMIN_KEY, else the one kept in the data dir, else a new one kept there. */
async function adminKeyOf(config: RuntimeConfig): Promise<string> {
  return config.adminKey ?? keptSecret(config.dataDir, "admin.key", generateKey);
}

export interface CreateRuntimeOptions {
  logStream?: NodeJS.WritableStream;
  /** Packs added after the ones config.packs names (an embedder's own, already configured). */
  packs?: Pack[];
  /** Times the start's phases into this timer (`mfo serve` passes its own, which also times what comes after). */
  startUp?: StartUpTimer;
  /** The background build of a missing Storybook (`mfo serve --build-storybook`): /storybook/ shows its progress. */
  storybookBuild?: StorybookBuild;
}

/**
 * The runtime `config` describes, with the built-in handlers and validators plus the packs: those config.packs
 * names (MFO_PACKS, loaded here so that `mfo serve`, the tests and the benchmarks get the same runtime) and
 * options.packs. A pack that cannot be loaded, or a name two of them register, stops the start.
 */
export async function createRuntime(config: RuntimeConfig, options: CreateRuntimeOptions = {}): Promise<Runtime> {
  const timer = options.startUp ?? createStartUpTimer();
  // Every expression a flow author wrote runs here, off the event loop; its processes start on first use.
  const expressions = createExpressionPool(config.expressions);
  const { handlers, validators, templates } = await timer.phase("packs", async () =>
    mergePacks(
      {
        handlers: createBuiltinHandlers({ httpAllowHosts: config.httpAllowHosts, expressions }),
        validators: createBuiltinValidators(expressions),
      },
      [...(await loadPacks(config.packs)), ...(options.packs ?? [])],
    ),
  );
  const logger = pino({ level: config.logLevel, base: { service: "mfo" } }, options.logStream ?? process.stdout);
  // First, so that a missing MFO_ENCRYPTION_KEY stops the start before anything is opened.
  const sealer = createSealer(await encryptionKeysOf(config));
  const database = await timer.phase("database", async () => {
    await mkdir(config.dataDir, { recursive: true });
    return openDatabase({
      dataDir: config.dataDir,
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      poolMax: config.dbPool,
      onIdleError: (error) => logger.warn({ err: error.message }, "idle database connection failed"),
    });
  });
  setGroupCommit(database.db, config.groupCommit);
  try {
    await timer.phase("migrations", () => runMigrations(database));
    const { db } = database;
    const adminKey = await timer.phase("tenant", async () => {
      await ensureTenant(db, { id: DEFAULT_TENANT, name: "Default" });
      const key = await adminKeyOf(config);
      await storeKey(db, DEFAULT_TENANT, "admin", "admin (start-up)", key);
      return key;
    });

    const catalogue = await timer.phase("catalogue", () => catalogueOf(handlers, validators));
    const registry = new FlowRegistry(db, catalogue, config.definitionLimits);
    const secrets = createSecretVault(db, sealer);
    const metrics = createRuntimeMetrics({ db, log: logger.child({ part: "metrics" }) });
    const engine = new Engine({
      db,
      registry,
      observer: metrics.observer,
      leaseMs: config.leaseMs,
      pollMs: config.pollMs,
      batch: config.workerConcurrency,
      maxSubflowDepth: config.maxSubflowDepth,
      quarantineAfter: config.quarantineAfter,
      deps: {
        handlers,
        validators,
        expressions,
        logger: logger.child({ part: "engine" }),
        now: () => new Date(),
        random: Math.random,
        sealer,
        secrets,
      },
    });
    // The first instances need not wait for a process to start (about 0.1 s, seconds on a loaded machine).
    expressions.warm();
    const published: Runtime["published"] = [];
    await timer.phase("publish", async () => {
      await publishTemplates(registry, templates, published);
      if (config.flowsDir) await publishDir(registry, config.flowsDir, published);
    });
    const events = await timer.phase("events", () =>
      createEventBus(database, { log: logger.child({ part: "events" }) }),
    );
    const endings = createInstanceEndings(db, events);
    const schedules = createScheduleTicker({
      db,
      engine,
      now: () => new Date(),
      logger: logger.child({ part: "schedules" }),
      ...(config.scheduleLeaseMs !== undefined ? { leaseMs: config.scheduleLeaseMs } : {}),
    });
    const testRuns = startTestRunSweeper({
      db,
      retentionMs: config.testRunRetentionMs ?? DEFAULT_TEST_RUN_RETENTION_MS,
      now: () => new Date(),
      logger: logger.child({ part: "test-runs" }),
    });
    const app = await timer.phase("app", () =>
      createApp({
        db,
        registry,
        engine,
        events,
        endings,
        maxCreateWaitSeconds: config.maxCreateWaitSeconds,
        catalogue,
        expressions,
        secrets,
        schedules,
        log: logger.child({ part: "http" }),
        metricsPublic: config.metricsPublic,
        metrics,
        rateLimit: config.rateLimit,
        authFailureLimit: config.authFailureLimit,
        corsOrigins: config.corsOrigins,
        ...(options.storybookBuild ? { storybookBuild: options.storybookBuild } : {}),
        ready: async () => {
          const state = await migrationState(database);
          return state.pending === 0
            ? { ok: true, detail: "ready" }
            : { ok: false, detail: `${state.pending} migrations pending` };
        },
      }),
    );
    return {
      database,
      secrets,
      registry,
      engine,
      schedules,
      events,
      endings,
      app,
      adminKey,
      published,
      logger,
      startUp: timer.phases(),
      testRuns,
      async close() {
        await testRuns.stop();
        await schedules.stop();
        await events.close();
        await engine.stop();
        await registry.close();
        await expressions.close();
        await database.close();
      },
    };
  } catch (error) {
    await expressions.close();
    await database.close();
    throw error;
  }
}
