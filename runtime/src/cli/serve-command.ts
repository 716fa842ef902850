/**
 * `mfo serve`: the runtime (API, worker, docs; the designer once it lands) on HOST:PORT, configured by the
 * environment. Prints a ready-to-open URL with the admin key; stops cleanly on SIGINT/SIGTERM.
 */
import { setFlagsFromString } from "node:v8";
import { findStorybookBuild } from "../assets/runtime-assets.js";
import { createStorybookBuild } from "../assets/storybook-build.js";
import { readConfig } from "../server/config.js";
import { createRuntime } from "../server/create-runtime.js";
import { listen } from "../server/http-server.js";
import { stopServing } from "../server/shutdown.js";
import { createStartUpTimer } from "../server/start-up-phases.js";
import type { CliIo } from "./io.js";

export const serveUsage = `Usage: mfo serve [--build-storybook]

Starts the MFO runtime: REST API at /api/v1, reference at /docs, worker for flow instances.
--build-storybook: when the repository has no static Storybook build, build it in the background at low
priority (\`npm start\` passes it); /storybook/ says it is being built until it is done.
Configured by the environment: PORT, HOST, DATABASE_URL, MFO_DATA_DIR, MFO_ADMIN_KEY, MFO_ENCRYPTION_KEY
(required with DATABASE_URL), MFO_ENCRYPTION_KEY_PREVIOUS, MFO_HTTP_ALLOW_HOSTS, MFO_FLOWS_DIR, MFO_PACKS,
MFO_METRICS_PUBLIC, MFO_RATE_LIMIT, MFO_AUTH_FAILURE_LIMIT, MFO_CORS_ORIGINS, MFO_HEADERS_TIMEOUT_MS,
MFO_REQUEST_TIMEOUT_MS, MFO_KEEP_ALIVE_TIMEOUT_MS, MFO_MAX_HEADER_BYTES, MFO_LEASE_MS, MFO_POLL_MS,
MFO_MAX_SUBFLOW_DEPTH, MFO_MAX_CREATE_WAIT_SECONDS, MFO_GROUP_COMMIT, MFO_TEST_RUN_RETENTION, MFO_MAX_DEFINITION_NODES,
MFO_MAX_DEFINITION_EDGES, MFO_MAX_DEFINITION_BYTES, MFO_EXPRESSION_WORKERS, MFO_EXPRESSION_HEAP_MB, MFO_EXPRESSION_OUTPUT_BYTES, LOG_LEVEL (see README.md).
`;

/**
 * V8 lets the old generation grow by its default factor before a full collection: a busy server then carries
 * garbage it would free. Measured (issue 17, `BENCH_ONLY=memory`, PostgreSQL): live objects stayed at ~33 MB
 * (heap snapshots at 500 to 4,500 instances: no leak), yet the resident set reached 232 MB after 8,000
 * instances by default and 139 MB with a 20% growth step, with no visible cost in instances/s. Set at run time
 * (V8 reads it when it next sizes the heap), so `mfo serve` gets it however it is started.
 */
const HEAP_GROWING_PERCENT = 20;

export async function serveCommand(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(serveUsage);
    return 0;
  }
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const timer = createStartUpTimer();
  // From the process's start to here: Node itself and the modules this command imports.
  timer.record("modules", performance.now());
  const config = readConfig();
  // Only `npm start` asks: a fresh checkout then gets /storybook/ without a manual build and a restart.
  const storybookBuild =
    argv.includes("--build-storybook") && !findStorybookBuild() ? createStorybookBuild() : undefined;
  const runtime = await createRuntime(config, { startUp: timer, ...(storybookBuild ? { storybookBuild } : {}) });
  const server = await timer
    .phase("listen", () => listen(runtime.app, { port: config.port, host: config.host, limits: config.server }))
    .catch(async (error) => {
      await runtime.close();
      throw error;
    });
  runtime.engine.start();
  runtime.schedules.start();
  // After the server listens, so the build never delays the start.
  void storybookBuild?.start(runtime.logger.child({ part: "storybook" }));
  // One line with every phase, for operators and for the restart benchmark (tests/bench/scenarios/restart.mjs).
  runtime.logger.info({ startUp: timer.phases(), totalMs: Math.round(performance.now()) }, "ready");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const base = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  const published = runtime.published
    .map((p) =>
      p.error ? `${p.file}: NOT published: ${p.error}` : `${p.id} v${p.version}${p.created ? "" : " (unchanged)"}`,
    )
    .join(", ");
  io.stdout(
    [
      "",
      "MFO is ready.",
      `  Open:       ${base}/?key=${runtime.adminKey}`,
      `  API docs:   ${base}/docs?key=${runtime.adminKey}`,
      `  Admin key:  ${runtime.adminKey}${config.adminKey ? " (from MFO_ADMIN_KEY)" : ` (kept in ${config.dataDir}/admin.key)`}`,
      `  Database:   ${runtime.database.location}`,
      `  Flow types: ${published || "none"}`,
      "",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      io.stderr("mfo: stopping\n");
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  storybookBuild?.stop();
  // Open event streams, the keep-alive connections browsers reconnect them over, then the runtime: bounded.
  return stopServing(server, runtime);
}
