/**
 * The operations group's shipped templates (discovery, planning, execution, decommission) run end to end on
 * an in-process runtime (embedded PGlite) from their sample input, approvals decided as an operator would.
 */

import { runtimeCatalogue } from "@mfo/runtime";
import { validateFlow } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { migrationPack } from "../index.js";
import { template, useTemplateRuntime } from "../testing/template-runtime.js";

const IDS = ["discovery", "planning", "execution", "decommission"];
/** The parts of the sample inputs the tests read or change. */
interface Sample {
  assets: Array<{ id: string; dependsOn?: string[]; simulate?: string }>;
  dependencies: Array<{ from: string; to: string }>;
  maxWaveSize: number;
}
const sampleOf = async (id: string) => structuredClone((await template(id)).input.examples[0]) as unknown as Sample;

const { call, start, until, decide } = useTemplateRuntime();

/** Each dependency's wave is no later than its dependent's, and earlier unless both are in one cycle. */
function expectWavesRespect(
  plan: { waveOf: Record<string, number>; cycles: string[][] },
  deps: Array<{ from: string; to: string }>,
) {
  const cyclic = (a: string, b: string) => plan.cycles.some((c) => c.includes(a) && c.includes(b));
  for (const { from, to } of deps) {
    const [wf, wt] = [plan.waveOf[from] as number, plan.waveOf[to] as number];
    if (cyclic(from, to)) expect(wt, `${from} -> ${to}`).toBe(wf);
    else expect(wt, `${from} -> ${to}`).toBeLessThan(wf);
  }
}

describe("operations templates", () => {
  it("are valid against the runtime catalogue, published at start-up, with a sample input and a layout", async () => {
    const list = await call("GET", "/api/v1/flow-types");
    const ids = list.body.items.map((t: { id: string }) => t.id);
    for (const id of IDS) {
      const definition = await template(id);
      expect(validateFlow(definition, runtimeCatalogue([migrationPack])), id).toEqual({ valid: true, errors: [] });
      expect(ids, id).toContain(id);
      expect(definition.description?.length, id).toBeGreaterThan(40);
      expect(definition.input.examples, id).toHaveLength(1);
      for (const node of definition.nodes) {
        expect(node.ui, `${id}/${node.id}`).toBeDefined();
        expect(node.label, `${id}/${node.id}`).toBeTruthy();
      }
    }
  });

  it("discovery: cleanses, deduplicates and analyses the sample export", async () => {
    const id = await start("discovery", await sampleOf("discovery"));
    const done = await until(id, ["completed"]);
    const phases = done.context.phases;
    expect(phases["data-import"].output).toMatchObject({ records: 10 });
    expect(phases["field-mapping"].output.unmappedColumns).toEqual(["Notes"]);
    const inventory = phases["data-cleansing"].output;
    expect(inventory.counts).toEqual({ input: 10, valid: 8, rejected: 2, duplicatesMerged: 1, assets: 7 });
    expect(inventory.rejected.map((r: { reasons: string[] }) => r.reasons[0])).toEqual([
      "missing hostname",
      'invalid IP address "10.0.4.300"',
    ]);
    const app01 = inventory.assets.find((a: { id: string }) => a.id === "app01");
    expect(app01).toMatchObject({
      hostname: "app01.corp.example.com",
      ip: "10.0.2.21",
      os: "RHEL 7",
      platform: "linux",
      eol: true,
      dataGb: 40,
      dependsOn: ["db01", "mq01"],
    });
    expect(inventory.unresolved).toEqual([{ from: "batch01", to: "ftp-legacy" }]);
    expect(phases["asset-inventory"].output).toMatchObject({
      total: 7,
      byPlatform: { windows: 2, linux: 4, appliance: 1 },
      byEnvironment: { production: 7 },
      dataGb: 790,
    });
    const plan = phases["dependency-analysis"].output;
    expect(plan.cycles).toEqual([["app01", "mq01"]]);
    expect(plan.waves.map((w: { assets: string[] }) => w.assets)).toEqual([
      ["db01"],
      ["app01", "mq01", "batch01"],
      ["web01", "web02"],
      ["lb01"],
    ]);
    expectWavesRespect(plan, inventory.dependencies);
    const debt = phases["tech-debt"].output;
    expect(debt.endOfLife.map((a: { id: string }) => a.id).sort()).toEqual(["app01", "batch01", "mq01", "web02"]);
    expect(debt).toMatchObject({ cyclicGroups: 1, rejectedRecords: 2, endOfLifeShare: 57.1 });
  });

  it("planning: waves follow dependencies, staffing follows effort, the timeline runs on working days", async () => {
    const sample = await sampleOf("planning");
    const id = await start("planning", sample);
    const waiting = await until(id, ["waiting"]);
    expect(waiting.currentNodes).toEqual(["plan-review"]);
    await decide(id, "plan-review", "approve");
    const phases = (await until(id, ["completed"])).context.phases;
    const plan = phases["wave-planning"].output;
    expect(plan.waves.map((w: { assets: string[] }) => w.assets)).toEqual([
      ["db01", "files01"],
      ["app01", "mq01", "batch01", "rpt01"],
      ["web01", "web02"],
      ["lb01"],
    ]);
    for (const wave of plan.waves) expect(wave.size).toBeLessThanOrEqual(sample.maxWaveSize);
    const deps = [
      ...sample.dependencies,
      ...sample.assets.flatMap((a: { id: string; dependsOn?: string[] }) =>
        (a.dependsOn ?? []).map((to) => ({ from: a.id, to })),
      ),
    ];
    expectWavesRespect(plan, deps);
    const resources = phases["resource-planning"].output;
    expect(
      resources.waves.map((w: { effortDays: number; people: number; durationDays: number }) => [
        w.effortDays,
        w.people,
        w.durationDays,
      ]),
    ).toEqual([
      [12, 2, 8],
      [17, 2, 11],
      [4, 1, 6],
      [2, 1, 4],
    ]);
    expect(resources.totals).toEqual({ assets: 9, effortDays: 35, durationDays: 29, peakPeople: 2 });
    const timeline = phases.timeline.output;
    expect(timeline.waves.map((w: { start: string; end: string }) => [w.start, w.end])).toEqual([
      ["2025-09-01", "2025-09-10"],
      ["2025-09-15", "2025-09-29"],
      ["2025-10-02", "2025-10-09"],
      ["2025-10-14", "2025-10-17"],
    ]);
    expect(timeline).toMatchObject({ startDate: "2025-09-01", endDate: "2025-10-17", totalDays: 35 });
  });

  it("execution: migrates the lanes in parallel, retries the transient failure, verifies and completes", async () => {
    const id = await start("execution", await sampleOf("execution"));
    const done = await until(id, ["completed"]);
    const phases = done.context.phases;
    const lanes = phases["lane-planning"].output.lanes.map((l: { assets: Array<{ id: string }> }) =>
      l.assets.map((a) => a.id),
    );
    expect(lanes).toEqual([["app01", "mq01"], ["batch01", "files01"], ["rpt01"]]);
    expect(phases["migrate-lane-1"]).toMatchObject({ status: "completed", attempts: 1 });
    expect(phases["migrate-lane-2"]).toMatchObject({ status: "completed", attempts: 2 });
    expect(phases["migrate-lane-2"].output.results.map((r: { targetId: string }) => r.targetId)).toEqual([
      "aws-eu-west-1/batch01",
      "aws-eu-west-1/files01",
    ]);
    expect(phases["post-migration"].output).toMatchObject({
      migrated: 5,
      expected: 5,
      healthy: true,
      unhealthy: [],
      failedLanes: [],
    });
    expect(phases.rollback).toBeUndefined();
    const history = await call("GET", `/api/v1/flows/${id}/events`);
    const retries = history.body.items.filter((e: { type: string }) => e.type === "node.retrying");
    expect(retries.map((e: { nodeId: string }) => e.nodeId)).toEqual(["migrate-lane-2"]);
  });

  it("execution: rolls the wave back when an asset fails its health check or a lane keeps failing", async () => {
    const sample = await sampleOf("execution");
    Object.assign(sample.assets[3] ?? {}, { simulate: "unhealthy" });
    Object.assign(sample.assets[0] ?? {}, { simulate: "fail" });
    const id = await start("execution", sample);
    const ended = await until(id, ["failed"]);
    expect(ended.currentNodes ?? []).not.toContain("done");
    const phases = ended.context.phases;
    expect(phases["migrate-lane-1"]).toMatchObject({ status: "failed", attempts: 3 });
    expect(phases["post-migration"].output).toMatchObject({
      healthy: false,
      unhealthy: ["rpt01"],
      failedLanes: ["migrate-lane-1"],
    });
    expect(phases.rollback.output).toEqual({
      status: "rolled-back",
      wave: 2,
      rolledBack: ["batch01", "files01", "rpt01"],
      unhealthy: ["rpt01"],
      failedLanes: ["migrate-lane-1"],
    });
  });

  it("decommission: defers blocked systems, plans archival with cost, and shuts down dependents first", async () => {
    const id = await start("decommission", await sampleOf("decommission"));
    expect((await until(id, ["waiting"])).currentNodes).toEqual(["shutdown-approval"]);
    await decide(id, "shutdown-approval", "approve");
    const phases = (await until(id, ["completed"])).context.phases;
    const plan = phases.planning.output;
    expect(plan.retire.map((s: { id: string }) => s.id)).toEqual(["crm-app", "crm-db", "crm-reports", "crm-web"]);
    expect(plan.deferred).toEqual([{ id: "ftp01", blockedBy: ["billing"] }]);
    const archive = phases["data-archival"].output;
    expect(
      archive.items.map((i: { id: string; tier: string | null; retainUntil: string | null }) => [
        i.id,
        i.tier,
        i.retainUntil,
      ]),
    ).toEqual([
      ["crm-app", "archive", "2026-12-01"],
      ["crm-db", "archive", "2028-12-01"],
      ["crm-reports", "deep-archive", "2035-12-01"],
      ["crm-web", null, null],
    ]);
    expect(archive.totals).toEqual({
      dataGb: 1525,
      archivedGb: 1520,
      deletedGb: 5,
      monthlyCost: 5.18,
      totalCost: 209.76,
    });
    const sumOfItems = archive.items.reduce((s: number, i: { totalCost: number }) => s + i.totalCost, 0);
    expect(archive.totals.totalCost).toBeCloseTo(sumOfItems, 2);
    expect(phases.shutdown.output.steps).toEqual([
      { step: 1, systems: ["crm-web"] },
      { step: 2, systems: ["crm-app", "crm-reports"] },
      { step: 3, systems: ["crm-db"] },
    ]);
  });
});
