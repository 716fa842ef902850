/** `mfo hooks list` in-process against a real runtime served over HTTP on 127.0.0.1 (embedded PGlite). */
import { sampleFlow } from "@mfo/schemas/testing";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing/cli-harness.js";
import { serveForCliTests } from "../testing/cli-test-server.js";

const ADMIN_KEY = "test-hooks-admin-key";
const SECRET_VALUE = "cli-hook-secret-value";

const hooks = (...args: string[]) => runCli(["hooks", ...args, "--url", server.served.url, "--key", ADMIN_KEY]);

const server = serveForCliTests("hooks", ADMIN_KEY, async (s) => {
  await s.runtime.registry.publish("default", sampleFlow());
  await s.runtime.secrets.write("default", "sender", SECRET_VALUE, null);
});

describe("mfo hooks list", () => {
  it("says a flow type has none, then lists each hook on a line with its URL, never the secret's value", async () => {
    expect(await hooks("list", "sample")).toEqual({ code: 0, stdout: "sample has no webhooks\n", stderr: "" });
    const created = await server.served.runtime.app.request("/api/v1/flow-types/sample/hooks", {
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
