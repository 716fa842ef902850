/** `mfo migrate` in-process, on the embedded PGlite, on the test PostgreSQL, and against a port nobody serves. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { MIGRATIONS_FOLDER } from "../assets/runtime-assets.js";
import { runCli } from "../testing/cli-harness.js";
import { createTestDatabase, freePort } from "../testing/postgres-server.js";

const mfo = (...args: string[]) => runCli(args);

/** How many migrations this build ships: what a fresh database gets. */
const shipped = async () =>
  (JSON.parse(await readFile(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] })
    .entries.length;

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mfo-migrate-"));
  dirs.push(dir);
  return dir;
}

beforeEach(() => {
  // The developer's own environment must not decide which database the tests migrate.
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("MFO_DATA_DIR", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("mfo migrate", () => {
  it("migrates a fresh embedded database, then finds nothing to apply, exiting 0", async () => {
    const dataDir = await tempDir();
    const first = await mfo("migrate", "--data-dir", dataDir);
    expect(first).toEqual({
      code: 0,
      stdout: `migrations: ${await shipped()} applied, database up to date (embedded PGlite at ${join(dataDir, "pglite")})\n`,
      stderr: "",
    });
    const second = await mfo("migrate", "--data-dir", dataDir);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^migrations: 0 applied, database up to date/);
  });

  it("takes the data dir from MFO_DATA_DIR", async () => {
    const dataDir = await tempDir();
    vi.stubEnv("MFO_DATA_DIR", dataDir);
    const run = await mfo("migrate");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`(embedded PGlite at ${join(dataDir, "pglite")})`);
  });

  it("migrates a PostgreSQL database given with --database-url, exiting 0", async () => {
    const url = await createTestDatabase(inject("postgresUrl"));
    const run = await mfo("migrate", "--database-url", url);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `migrations: ${await shipped()} applied, database up to date (PostgreSQL at ${new URL(url).host}${new URL(url).pathname})\n`,
    );
    expect(run.stderr).toBe("");
  });

  it("takes the PostgreSQL URL from DATABASE_URL", async () => {
    vi.stubEnv("DATABASE_URL", await createTestDatabase(inject("postgresUrl")));
    const run = await mfo("migrate", "--data-dir", await tempDir());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^migrations: [1-9]\d* applied, database up to date \(PostgreSQL at 127\.0\.0\.1:/);
  });

  it("exits 1 with one line and without the password when nothing listens at DATABASE_URL", async () => {
    const port = await freePort();
    vi.stubEnv("DATABASE_URL", `postgres://mfo:Secr3t-pass@127.0.0.1:${port}/mfo`);
    const run = await mfo("migrate", "--data-dir", await tempDir());
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `mfo: migrate failed: cannot connect to PostgreSQL at 127.0.0.1:${port}: connection refused\n`,
    );
    expect(run.stderr).not.toContain("Secr3t-pass");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 1 with the database's one-line reason when a migration fails", async () => {
    const url = await createTestDatabase(inject("postgresUrl"));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("create table tenants (id int)"); // in the way of the first migration
    await client.end();
    const run = await mfo("migrate", "--database-url", url);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('mfo: migrate failed: relation "tenants" already exists\n');
  });

  it("exits 2 with its usage for an unknown option", async () => {
    const run = await mfo("migrate", "--yes");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: mfo migrate");
  });

  it("is listed in mfo --help and has its own help", async () => {
    expect((await mfo("--help")).stdout).toContain("migrate ");
    const help = await mfo("migrate", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--database-url URL");
  });
});
