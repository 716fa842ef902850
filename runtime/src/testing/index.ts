/** Test support for other workspaces (tests/, benchmarks): a throwaway PostgreSQL and free ports. */
export { createTestDatabase, freePort, type PostgresServer, startPostgres } from "./postgres-server.js";
