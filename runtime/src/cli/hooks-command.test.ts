/** `mfo hooks list` in-process against a real runtime served over HTTP on 127.0.0.1 (embedded PGlite). */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleFlow } from "@mfo/schemas/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli, type ServedRuntime, serveTestRuntime, testConfig } from "../testing/cli-harness.js";

const ADMIN_KEY = "test-hooks-admin-key";
const SECRET_VALUE = "cli-hook-secret-value";

let dir: string;
let served: ServedRuntime;
const hooks = (...args: string[]) => runCli(["hooks", ...args, "--url", served.url, "--key", ADMIN_KEY]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mfo-hooks-cli-"));
  served = await serveTestRuntime(testConfig(join(dir, "data"), { adminKey: ADMIN_KEY }));
  await served.runtime.registry.publish("default", sampleFlow());
  await served.runtime.secrets.write("default", "sender", SECRET_VALUE, null);
});
afterAll(async () => {
  await served?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.stubEnv("MFO_URL", "");
  vi.stubEnv("MFO_KEY", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("mfo hooks list", () => {
  it("says a flow type has none, then lists each hook on a line with its URL, never the secret's value", async () => {
    expect(await hooks("list", "sample")).toEqual({ code: 0, stdout: "sample has no webhooks\n", stderr: "" });
    const created = await served.runtime.app.request("/api/v1/flow-types/sample/hooks", {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "crm", auth: { type: "hmac", secret: "sender" }, respond: "result" }),
    });
    const { id } = (await created.json()) as { id: string };
    const listed = await hooks("list", "sample");
    expect(listed).toEqual({
      code: 0,
      stdout: `${id}  enabled  hmac:sender  result  /api/v1/hooks/${id}  crm\n`,
      stderr: "",
    });
    const json = await hooks("list", "sample", "--json");
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id, url: `/api/v1/hooks/${id}` })]);
    expect(listed.stdout + json.stdout).not.toContain(SECRET_VALUE);
  });

  it("exits 1 with the server's reason for an unknown flow type, 2 for a usage error", async () => {
    const missing = await hooks("list", "nope");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("404");
    expect((await hooks("remove", "sample")).code).toBe(2);
    expect((await hooks("list")).code).toBe(2);
  });
});
