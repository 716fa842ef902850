/**
 * @mfo/runtime: the flow-type registry, compiler, durable engine, REST API and the `mfo` CLI. Other workspaces
 * (tests, benchmarks) build a runtime through createRuntime, exactly as `mfo serve` does.
 */
export { runtimeCatalogue } from "./catalogue/runtime-catalogue.js";
export { main as cliMain } from "./cli/main.js";
export { generateKey } from "./http/auth.js";
export { type RuntimeConfig, readConfig } from "./server/config.js";
export { createRuntime, DEFAULT_TENANT, type Runtime } from "./server/create-runtime.js";
export { storeKey } from "./store/tenant-repository.js";
