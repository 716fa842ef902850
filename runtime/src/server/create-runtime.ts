/**
 * Assembles a runtime from its configuration: database (migrated), default tenant and admin key, catalogue,
 * handlers, registry (templates and MFO_FLOWS_DIR published), engine and HTTP app. `mfo serve` and the
 * integration tests both build the runtime here, so what is tested is what runs.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { pino } from "pino";
import { catalogueOf } from "../catalogue/runtime-catalogue.js";
import { Engine } from "../engine/engine.js";
import { AppError } from "../errors.js";
import { evaluateExpression, resolveParams } from "../expression/evaluate.js";
import { createBuiltinHandlers } from "../handlers/registry.js";
import { createApp } from "../http/app.js";
import { generateKey, storeKey } from "../http/auth.js";
import { FlowRegistry } from "../registry/flow-registry.js";
import { type Database, openDatabase } from "../store/database.js";
import { migrationState, runMigrations } from "../store/migrate.js";
import { tenants } from "../store/schema.js";
import { createBuiltinValidators } from "../validators/registry.js";
import type { RuntimeConfig } from "./config.js";

export const DEFAULT_TENANT = "default";
const TEMPLATES_DIR = fileURLToPath(new URL("../../templates", import.meta.url));

export interface Runtime {
  database: Database;
  registry: FlowRegistry;
  engine: Engine;
  app: ReturnType<typeof createApp>;
  adminKey: string;
  /** Flow files published at start-up, with what happened to each. */
  published: Array<{ file: string; id?: string; version?: number; created?: boolean; error?: string }>;
  logger: pino.Logger;
  close(): Promise<void>;
}

/** The admin key: MFO_ADMIN_KEY, else the one kept in the data dir, else a new one kept there. */
async function adminKeyOf(config: RuntimeConfig): Promise<string> {
  if (config.adminKey) return config.adminKey;
  const file = join(config.dataDir, "admin.key");
  const kept = await readFile(file, "utf8").catch(() => "");
  if (kept.trim()) return kept.trim();
  const key = generateKey();
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

async function publishDir(registry: FlowRegistry, dir: string, into: Runtime["published"]): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  for (const name of files) {
    const file = join(dir, name);
    try {
      const result = await registry.publish(DEFAULT_TENANT, JSON.parse(await readFile(file, "utf8")));
      into.push({ file, ...result });
    } catch (error) {
      const detail =
        error instanceof AppError && error.errors
          ? `: ${error.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`
          : "";
      into.push({ file, error: `${(error as Error).message}${detail}` });
    }
  }
}

export async function createRuntime(
  config: RuntimeConfig,
  options: { logStream?: NodeJS.WritableStream } = {},
): Promise<Runtime> {
  const logger = pino({ level: config.logLevel, base: { service: "mfo" } }, options.logStream ?? process.stdout);
  await mkdir(config.dataDir, { recursive: true });
  const database = await openDatabase({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    onIdleError: (error) => logger.warn({ err: error.message }, "idle database connection failed"),
  });
  try {
    await runMigrations(database);
    const { db } = database;
    const [tenant] = await db.select().from(tenants).where(eq(tenants.id, DEFAULT_TENANT));
    if (!tenant) await db.insert(tenants).values({ id: DEFAULT_TENANT, name: "Default" }).onConflictDoNothing();
    const adminKey = await adminKeyOf(config);
    await storeKey(db, DEFAULT_TENANT, "admin", "admin (start-up)", adminKey);

    const handlers = createBuiltinHandlers({ httpAllowHosts: config.httpAllowHosts });
    const validators = createBuiltinValidators();
    const catalogue = catalogueOf(handlers, validators);
    const registry = new FlowRegistry(db, catalogue);
    const engine = new Engine({
      db,
      registry,
      leaseMs: config.leaseMs,
      pollMs: config.pollMs,
      deps: {
        handlers,
        validators,
        evaluate: (source, data) => evaluateExpression(source, data),
        resolveParams: (params, context) => resolveParams(params, context),
        logger: logger.child({ part: "engine" }),
        now: () => new Date(),
        random: Math.random,
      },
    });
    const published: Runtime["published"] = [];
    await publishDir(registry, TEMPLATES_DIR, published);
    if (config.flowsDir) await publishDir(registry, config.flowsDir, published);
    const app = createApp({
      db,
      registry,
      engine,
      catalogue,
      log: logger.child({ part: "http" }),
      metricsPublic: config.metricsPublic,
      ready: async () => {
        const state = await migrationState(database);
        return state.pending === 0
          ? { ok: true, detail: "ready" }
          : { ok: false, detail: `${state.pending} migrations pending` };
      },
    });
    return {
      database,
      registry,
      engine,
      app,
      adminKey,
      published,
      logger,
      async close() {
        await engine.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
