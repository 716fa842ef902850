/**
 * vitest globalSetup: one throwaway PostgreSQL server for the whole test run (starting one per file would cost
 * seconds each). Tests read its URL with `inject("postgresUrl")` and take a fresh database from it with
 * createTestDatabase, so they stay isolated from each other.
 */
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the test run's PostgreSQL server (its `postgres` database; trust authentication on 127.0.0.1). */
    postgresUrl: string;
  }
}

/** Starts the server, provides its URL to the tests, and returns the teardown that stops it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}
