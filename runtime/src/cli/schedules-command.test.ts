/** `mfo schedules` in-process against a real runtime served over HTTP on 127.0.0.1 (embedded PGlite). */
import { describe, expect, it } from "vitest";
import { runCli } from "../testing/cli-harness.js";
import { serveForCliTests } from "../testing/cli-test-server.js";
import { lineFlow } from "../testing/test-runtime.js";

const ADMIN_KEY = "test-schedules-admin-key";
const schedules = (...args: string[]) => runCli(["schedules", ...args, "--url", server.served.url, "--key", ADMIN_KEY]);

const server = serveForCliTests("schedules", ADMIN_KEY, async (s) => {
  await s.runtime.registry.publish("default", lineFlow("report", [{ id: "go", handler: "noop" }]));
});

describe("mfo schedules", () => {
  it("adds, lists, pauses, resumes and deletes a schedule", async () => {
    const added = await schedules(
      "add",
      "report",
      "--cron",
      "30 2 * * *",
      "--tz",
      "Europe/Berlin",
      "--input",
      '{"region":"eu"}',
      "--name",
      "nightly",
      "--overlap",
      "allow",
      "--catch-up",
      "all:3",
    );
    expect(added.code).toBe(0);
    const id = /added schedule ([0-9a-f-]{36}) to report/.exec(added.stdout)?.[1] as string;
    expect(id).toBeDefined();
    // Five due times, each 02:30 in Berlin: 00:30 or 01:30 UTC.
    expect(added.stdout.match(/^ {2}\S+T0[01]:30:00\.000Z$/gm)).toHaveLength(5);
    const stored = await server.served.runtime.app.request(`/api/v1/flow-types/report/schedules/${id}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(await stored.json()).toMatchObject({
      name: "nightly",
      input: { region: "eu" },
      overlap: "allow",
      catchUp: { policy: "all", limit: 3 },
    });

    const listed = await schedules("list", "report");
    expect(listed.stdout).toContain(`${id}  active  "30 2 * * *" Europe/Berlin  next `);
    expect(listed.stdout).toContain("never run  nightly");
    expect((await schedules("pause", "report", id)).stdout).toBe(`paused ${id}\n`);
    expect((await schedules("list", "report")).stdout).toContain(`${id}  paused  "30 2 * * *" Europe/Berlin  next -`);
    expect((await schedules("resume", "report", id)).stdout).toMatch(new RegExp(`^resumed ${id}; next due \\S+Z\\n$`));
    expect(await schedules("delete", "report", id)).toEqual({ code: 0, stdout: `deleted ${id}\n`, stderr: "" });
    expect((await schedules("list", "report")).stdout).toBe("report has no schedules\n");
  });

  it("prints the server's 422 naming the field, exit 1", async () => {
    const refused = await schedules("add", "report", "--cron", "61 * * * *");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("/cron: the cron expression is not valid");
    expect((await schedules("add", "report", "--cron", "* * * * *", "--tz", "Mars/Base")).stderr).toContain(
      "/timezone:",
    );
    expect((await schedules("pause", "nope", "00000000-0000-4000-8000-000000000000")).code).toBe(1);
  });

  it.each([
    [["frobnicate", "report"], /unknown schedules command/],
    [["add", "report"], /needs --cron/],
    [["pause", "report"], /needs a FLOWTYPE and a schedule ID/],
    [["add", "report", "--cron", "* * * * *", "--catch-up", "some"], /--catch-up must be/],
    [["add", "report", "--cron", "* * * * *", "--catch-up", "latest:3"], /--catch-up must be/],
    [["add", "report", "--cron", "* * * * *", "--input", "[1]"], /--input must be a JSON object/],
    [["add", "report", "--cron", "* * * * *", "--overlap", "never"], /--overlap must be/],
  ])("refuses %j as a usage error (exit 2)", async (args, message) => {
    const result = await schedules(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
