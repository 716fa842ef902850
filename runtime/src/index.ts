/**
 * @mfo/runtime: the registry, engine and HTTP API arrive with the runtime-core issue; for now the catalogue
 * the runtime validates against and the CLI entry point.
 */
export { runtimeCatalogue } from "./catalogue/runtime-catalogue.js";
export { main as cliMain } from "./cli/main.js";
