/**
 * @mfo/runtime: the flow-type registry, compiler, durable engine, REST API and the `mfo` CLI. Other workspaces
 * (tests, benchmarks, packs' tests) build a runtime through createRuntime, exactly as `mfo serve` does. What a
 * pack needs to add handlers, validators and templates is @mfo/runtime/pack.
 */
export { runtimeCatalogue } from "./catalogue/runtime-catalogue.js";
export { main as cliMain } from "./cli/main.js";
export { generateKey } from "./http/auth.js";
export type { Pack, PackTemplate } from "./packs/pack.js";
export { DEFAULT_PACKS, type RuntimeConfig, readConfig } from "./server/config.js";
export { type CreateRuntimeOptions, createRuntime, DEFAULT_TENANT, type Runtime } from "./server/create-runtime.js";
export type { PublishedFile } from "./server/publish-at-start.js";
export { storeKey } from "./store/tenant-repository.js";
