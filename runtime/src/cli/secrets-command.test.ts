/** `mfo secrets` in-process against a real runtime served over HTTP on 127.0.0.1 (embedded PGlite). */
import { describe, expect, it } from "vitest";
import { storeKey } from "../store/tenant-repository.js";
import { runCli } from "../testing/cli-harness.js";
import { serveForCliTests } from "../testing/cli-test-server.js";
import { lineFlow } from "../testing/test-runtime.js";
import { secretFromStdin } from "./secrets-command.js";

const ADMIN_KEY = "test-secrets-admin-key";
const VIEWER_KEY = "test-secrets-viewer-key";

/** `mfo secrets ...` with `stdin` as standard input and the admin key (or `key`). */
const secrets = (stdin: string | undefined, args: string[], key = ADMIN_KEY) =>
  runCli(["secrets", ...args, "--url", server.served.url, "--key", key], {
    readStdin: async () => {
      if (stdin === undefined) throw new Error("stdin was read");
      return stdin;
    },
  });

const server = serveForCliTests("secrets", ADMIN_KEY, async (s) => {
  await storeKey(s.runtime.database.db, "default", "viewer", "viewer", VIEWER_KEY);
});

describe("mfo secrets", () => {
  it("drops one trailing newline of the value, no more", () => {
    expect(secretFromStdin("abc\n")).toBe("abc");
    expect(secretFromStdin("abc\r\n")).toBe("abc");
    expect(secretFromStdin("abc\n\n")).toBe("abc\n");
    expect(secretFromStdin(" abc ")).toBe(" abc ");
  });

  it("sets a secret from standard input and never prints the value", async () => {
    const set = await secrets("gh-token-value\n", ["set", "github-token"]);
    expect(set).toEqual({ code: 0, stdout: "secret github-token stored\n", stderr: "" });
    expect(await server.served.runtime.secrets.read("default", "github-token")).toBe("gh-token-value");
  });

  it("lists the secrets with what uses them, as a table or JSON", async () => {
    const flow = lineFlow("reads-token", [
      {
        id: "call",
        handler: "http",
        params: { url: "https://example.com", headers: { a: '=$secret("github-token")' } },
      },
    ]);
    await server.served.runtime.registry.publish("default", flow);
    const listed = await secrets(undefined, ["list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^NAME +UPDATED +BY +USED BY\ngithub-token +\S+ +\S+ +reads-token \(call\)\n$/);
    const json = await secrets(undefined, ["list", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ name: "github-token", usedBy: [{ flowType: "reads-token", nodes: ["call"] }] }),
    ]);
    expect(listed.stdout + json.stdout).not.toContain("gh-token-value");
  });

  it("refuses a value in the arguments, an empty value and a missing name (exit 2)", async () => {
    const inArgs = await secrets(undefined, ["set", "x", "the-value"]);
    expect(inArgs.code).toBe(2);
    expect(inArgs.stderr).toContain("standard input");
    expect((await secrets("\n", ["set", "x"])).code).toBe(2);
    expect((await secrets(undefined, ["delete"])).code).toBe(2);
    expect((await secrets(undefined, ["rotate"])).code).toBe(2);
  });

  it("reports the server's refusals in one line each (exit 1)", async () => {
    const badName = await secrets("v", ["set", "1bad"]);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain("/name");
    const viewer = await secrets("v", ["set", "ok"], VIEWER_KEY);
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toContain("403");
    const inUse = await secrets(undefined, ["delete", "github-token"]);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toContain('flow type "reads-token"');
  });

  it("deletes a secret nobody uses", async () => {
    await secrets("temp", ["set", "temporary"]);
    expect(await secrets(undefined, ["delete", "temporary"])).toEqual({
      code: 0,
      stdout: "secret temporary deleted\n",
      stderr: "",
    });
    expect((await secrets(undefined, ["delete", "temporary"])).code).toBe(1);
  });
});
