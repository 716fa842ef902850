/**
 * The server of a CLI command's tests: a runtime served over HTTP on 127.0.0.1 (embedded PGlite) for the whole test
 * file, started before its tests (then `setup` seeds it) and closed after them, with MFO_URL and MFO_KEY emptied
 * around each test so the developer's own environment never decides which server a command talks to. Registers
 * vitest hooks: call it at a test file's top level. Not part of the package's testing exports (it imports vitest).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { type ServedRuntime, serveTestRuntime, testConfig } from "./cli-harness.js";

export interface CliTestServer {
  /** The served runtime (set once the file's beforeAll ran). */
  readonly served: ServedRuntime;
}

export function serveForCliTests(
  name: string,
  adminKey: string,
  setup: (served: ServedRuntime) => Promise<unknown> = async () => {},
): CliTestServer {
  let dir = "";
  let served: ServedRuntime | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `mfo-${name}-cli-`));
    served = await serveTestRuntime(testConfig(join(dir, "data"), { adminKey }));
    await setup(served);
  });
  afterAll(async () => {
    await served?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    vi.stubEnv("MFO_URL", "");
    vi.stubEnv("MFO_KEY", "");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  return {
    get served() {
      if (!served) throw new Error("the CLI test server is not started yet (use it inside a test)");
      return served;
    },
  };
}
