/**
 * The schedule routes on both databases: create (defaults, the first due times), read, list, replace, pause,
 * resume, delete, the preview; the 422 for a bad cron, time zone or input and the 404s; the audit rows.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditEntry, Schedule } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../../server/create-runtime.js";
import { apiCaller } from "../../testing/api-caller.js";
import { testConfig } from "../../testing/cli-harness.js";
import { createTestDatabase } from "../../testing/postgres-server.js";
import { lineFlow } from "../../testing/test-runtime.js";

const flow = lineFlow("nightly", [{ id: "go", handler: "noop" }], {
  input: { type: "object", properties: { region: { type: "string" } }, required: ["region"] },
});

describe.each(["pglite", "postgres"] as const)("schedule routes on %s", (driver) => {
  let runtime: Runtime;
  let dataDir: string;
  const call = apiCaller(() => runtime);
  const base = "/flow-types/nightly/schedules";

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-schedule-routes-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl }));
    expect((await call("POST", "/flow-types", flow)).status).toBe(201);
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const audited = async (action: string) =>
    ((await call("GET", `/audit?action=${action}&outcome=ok`)).body.items as AuditEntry[]).map((r) => r.target);

  it("creates a schedule with the defaults and its next 5 due times, audited", async () => {
    const before = Date.now();
    const { status, body } = await call("POST", base, { cron: "0 30 2 * * *", input: { region: "eu" } });
    expect(status).toBe(201);
    const schedule = body as Schedule;
    expect(schedule).toMatchObject({
      flowType: "nightly",
      name: "0 30 2 * * *",
      timezone: "UTC",
      enabled: true,
      overlap: "skip",
      catchUp: { policy: "latest" },
      lastRun: null,
      input: { region: "eu" },
    });
    const due = schedule.nextDue.map((d) => Date.parse(d));
    expect(due).toHaveLength(5);
    expect(due[0]).toBeGreaterThan(before);
    for (let i = 1; i < 5; i++) expect((due[i] as number) - (due[i - 1] as number)).toBe(86_400_000);
    expect(schedule.nextDue.every((d) => d.endsWith("T02:30:00.000Z"))).toBe(true);
    expect(await audited("schedule.create")).toContain(schedule.id);
    expect((await call("GET", `${base}/${schedule.id}`)).body).toEqual(schedule);
    expect((await call("GET", base)).body.items.map((s: Schedule) => s.id)).toContain(schedule.id);
  });

  it("answers 422 naming the cron expression, the time zone or the input", async () => {
    const cases: Array<[unknown, string]> = [
      [{ cron: "61 * * * *", input: { region: "eu" } }, "/cron"],
      [{ cron: "* * *", input: { region: "eu" } }, "/cron"],
      [{ cron: "0 0 30 2 *", input: { region: "eu" } }, "/cron"],
      [{ cron: "* * * * *", timezone: "Europe/Atlantis", input: { region: "eu" } }, "/timezone"],
      [{ cron: "* * * * *", input: {} }, "/input"],
      [{ cron: "* * * * *", input: { region: 5 } }, "/input/region"],
      [{ cron: "* * * * *", overlap: "sometimes" }, "/overlap"],
    ];
    for (const [request, path] of cases) {
      const { status, body } = await call("POST", base, request);
      expect(status, JSON.stringify(request)).toBe(422);
      expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await call("GET", base)).body.items.some((s: Schedule) => s.cron === "61 * * * *")).toBe(false);
  });

  it("answers 404 for an unknown flow type or schedule", async () => {
    expect((await call("GET", "/flow-types/nope/schedules")).status).toBe(404);
    expect((await call("POST", "/flow-types/nope/schedules", { cron: "* * * * *" })).status).toBe(404);
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      expect((await call("GET", `${base}/${id}`)).status).toBe(404);
      expect((await call("PUT", `${base}/${id}`, { cron: "* * * * *", input: { region: "x" } })).status).toBe(404);
      expect((await call("POST", `${base}/${id}/pause`)).status).toBe(404);
      expect((await call("POST", `${base}/${id}/resume`)).status).toBe(404);
      expect((await call("DELETE", `${base}/${id}`)).status).toBe(404);
    }
  });

  it("replaces, pauses, resumes and deletes, each audited", async () => {
    const created = (await call("POST", base, { cron: "0 9 * * *", input: { region: "eu" }, name: "morning" }))
      .body as Schedule;
    const replaced = await call("PUT", `${base}/${created.id}`, {
      cron: "0 18 * * *",
      timezone: "Europe/Berlin",
      input: { region: "us" },
      name: "evening",
      overlap: "cancel-previous",
      catchUp: { policy: "all", limit: 3 },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      name: "evening",
      cron: "0 18 * * *",
      timezone: "Europe/Berlin",
      overlap: "cancel-previous",
      catchUp: { policy: "all", limit: 3 },
      createdAt: created.createdAt,
    });
    // 18:00 in Berlin is 16:00 or 17:00 UTC.
    expect(replaced.body.nextDue.every((d: string) => /T1[67]:00:00.000Z$/.test(d))).toBe(true);

    const paused = await call("POST", `${base}/${created.id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ enabled: false, nextDue: [] });
    const resumed = await call("POST", `${base}/${created.id}/resume`);
    expect(resumed.body.enabled).toBe(true);
    expect(resumed.body.nextDue).toHaveLength(5);

    expect((await call("DELETE", `${base}/${created.id}`)).status).toBe(204);
    expect((await call("GET", `${base}/${created.id}`)).status).toBe(404);
    for (const action of ["update", "pause", "resume", "delete"])
      expect(await audited(`schedule.${action}`)).toContain(created.id);
  });

  it("previews the due times of a cron expression in a time zone, DST included", async () => {
    const preview = await call("POST", "/schedules/preview", {
      cron: "30 2 * * *",
      timezone: "Europe/Berlin",
      from: "2026-03-28T00:00:00Z",
      count: 3,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.nextDue).toEqual([
      "2026-03-28T01:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]);
    expect((await call("POST", "/schedules/preview", { cron: "* * * * *" })).body.nextDue).toHaveLength(5);
    const bad = await call("POST", "/schedules/preview", { cron: "* * * * *", timezone: "Nowhere" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe("/timezone");
    expect((await call("POST", "/schedules/preview", { cron: "* * * * *", from: "yesterday" })).status).toBe(422);
  });
});
