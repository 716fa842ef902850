/**
 * The strategy group's shipped templates (assessment, modernize, finops, observability) run end to end on an
 * in-process runtime (embedded PGlite) from their sample input, approvals decided as an operator would.
 */

import { runtimeCatalogue } from "@mfo/runtime";
import { validateFlow } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { migrationPack } from "../index.js";
import { template, useTemplateRuntime } from "../testing/template-runtime.js";

const sampleOf = async (id: string) => (await template(id)).input.examples[0] as Record<string, unknown>;
const minor = (amount: number) => Math.round(amount * 100);
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

const { call, start, until, decide } = useTemplateRuntime();

describe("strategy templates", () => {
  it("are valid against the runtime catalogue, published at start-up, with a sample input and a layout", async () => {
    const list = await call("GET", "/api/v1/flow-types");
    const ids = list.body.items.map((t: { id: string }) => t.id);
    for (const id of ["assessment", "modernize", "finops", "observability"]) {
      const definition = await template(id);
      expect(validateFlow(definition, runtimeCatalogue([migrationPack])), id).toEqual({ valid: true, errors: [] });
      expect(ids, id).toContain(id);
      expect(definition.description?.length, id).toBeGreaterThan(40);
      expect(definition.input.examples, id).toHaveLength(1);
      for (const node of definition.nodes) expect(node.ui, `${id}/${node.id}`).toBeDefined();
    }
  });

  it("assessment: a high-risk legacy application waits for sign-off, then gets refactor with the rules that fired", async () => {
    const id = await start("assessment", await sampleOf("assessment"));
    const waiting = await until(id, ["waiting"]);
    expect(waiting.currentNodes).toEqual(["sign-off"]);
    const { phases } = waiting.context;
    expect(phases.risk.output).toMatchObject({ level: "high" });
    expect(phases.risk.output.score).toBeGreaterThanOrEqual(60);
    expect(phases.readiness.output.level).toBe("low");
    expect(phases.complexity.output.level).toBe("high");
    // The factors add up to the score.
    for (const score of ["readiness", "complexity", "risk"]) {
      const out = phases[score].output;
      expect(sum(out.factors.map((f: { points: number }) => f.points))).toBeCloseTo(out.score, 1);
    }
    await decide(id, "sign-off", "approve");
    const done = await until(id, ["completed"]);
    expect(done.context.phases.recommendations.output).toMatchObject({
      strategy: "refactor",
      confidence: 0.7,
      fired: [{ rule: "high-value-legacy", strategy: "refactor" }],
    });
    expect(done.context.phases.recommendations.output.reasons[0]).toMatch(/12-year-old stack/);
  });

  it("assessment: a low-risk application skips the sign-off; an end-of-life one is retired", async () => {
    const small = await start("assessment", { application: "intranet", loc: 1000, integrations: 0 });
    expect((await until(small, ["completed"])).context.phases).not.toHaveProperty("sign-off");
    const old = await start("assessment", { application: "fax-gateway", endOfLife: true, loc: 4000 });
    const retired = await until(old, ["completed"]);
    expect(retired.context.phases.recommendations.output.strategy).toBe("retire");
  });

  it("finops: costs add up to the lines, savings are quantified, and the approved budget covers each team with headroom", async () => {
    const input = await sampleOf("finops");
    const id = await start("finops", input);
    const waiting = await until(id, ["waiting"]);
    expect(waiting.currentNodes).toEqual(["budget-approval"]);
    const { costs, optimisation, budget } = waiting.context.phases;
    const lines = costs.output.lines as Array<Record<string, number>>;
    for (const key of ["compute", "storage", "egress", "monthly", "annual"])
      expect(minor(costs.output.totals[key]), key).toBe(sum(lines.map((l) => minor(l[key] as number))));
    // web: 2 x m5.2xlarge x 730 h x 0.384 = 560.64, 100 GB x 2 x 0.1 = 20, 500 GB x 0.09 = 45.
    expect(lines[0]).toMatchObject({ id: "web", compute: 560.64, storage: 20, egress: 45, monthly: 625.64 });
    const actions = Object.fromEntries(
      optimisation.output.recommendations.map((r: { resourceId: string; action: string }) => [
        `${r.resourceId}:${r.action}`,
        r,
      ]),
    );
    expect(Object.keys(actions).sort()).toEqual([
      "api:reserve",
      "legacy-ftp:remove-idle",
      "orders-db:reserve",
      "web:reserve",
      "web:rightsize",
    ]);
    expect(actions["web:rightsize"]).toMatchObject({ from: "m5.2xlarge", to: "m5.xlarge", monthlySaving: 280.32 });
    const saving = minor(optimisation.output.totals.monthlySaving);
    expect(saving).toBe(
      sum(optimisation.output.recommendations.map((r: { monthlySaving: number }) => minor(r.monthlySaving))),
    );
    expect(minor(optimisation.output.totals.optimisedMonthly)).toBe(minor(costs.output.totals.monthly) - saving);
    expect(budget.output.teams.map((t: { team: string }) => t.team)).toEqual(["data", "storefront"]);
    for (const team of budget.output.teams) {
      expect(team.monthlyBudget).toBeGreaterThanOrEqual(team.optimisedMonthly * 1.15);
      expect(team.monthlyBudget % 100).toBe(0);
    }
    expect(minor(budget.output.totals.monthlyBudget)).toBe(
      sum(budget.output.teams.map((t: { monthlyBudget: number }) => minor(t.monthlyBudget))),
    );
    await decide(id, "budget-approval", "approve");
    expect((await until(id, ["completed"])).status).toBe("completed");
  });

  it("observability: sets up SLOs and alerts, waits out the soak, and goes live when every SLO holds", async () => {
    const input = await sampleOf("observability");
    expect(input.soakSeconds).toBe(1);
    const began = Date.now();
    const id = await start("observability", input);
    const done = await until(id, ["completed"]);
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
    const { monitoring, alerting, review } = done.context.phases;
    expect(monitoring.output.slos.map((s: { service: string }) => s.service)).toEqual([
      "checkout",
      "orders-worker",
      "orders-db",
    ]);
    expect(monitoring.output.slos[0]).toMatchObject({ availabilityTarget: 99.95, errorBudgetMinutes: 21.6 });
    expect(alerting.output.alerts).toHaveLength(9);
    expect(review.output).toMatchObject({ verdict: "go-live", passed: 3, failed: 0 });
    expect(done.context.phases["go-live"].output).toMatchObject({ live: true, alerts: 9 });
    expect(done.context.phases).not.toHaveProperty("fix");
  });

  it("observability: a service that breaks its SLO during the soak leads to the fix list", async () => {
    const input = await sampleOf("observability");
    const observed = (input.observed as Array<Record<string, unknown>>).map((o) =>
      o.service === "checkout" ? { ...o, latencyP95Ms: 900 } : o,
    );
    const id = await start("observability", { ...input, soakSeconds: 0, observed });
    const ended = await (async () => {
      for (let i = 0; i < 400; i++) {
        const { body } = await call("GET", `/api/v1/flows/${id}`);
        if (body.status === "failed") return body;
        await new Promise((r) => setTimeout(r, 15));
      }
      throw new Error("never failed");
    })();
    expect(ended.context.phases.fix.output).toEqual({
      live: false,
      fix: [{ service: "checkout", breaches: ["p95 latency 900 ms > objective 300 ms"] }],
    });
  });

  it("modernize: runs the assessment as a subflow, redesigns each component, and plans epics in dependency order", async () => {
    const id = await start("modernize", await sampleOf("modernize"));
    const done = await until(id, ["completed"]);
    const { assessment, redesign, planning } = done.context.phases;
    expect(assessment.output.phases.recommendations.strategy).toBe("replatform");
    const child = await call("GET", `/api/v1/flows/${assessment.output.instanceId}`);
    expect(child.body).toMatchObject({ status: "completed", flowType: "assessment", parentId: id });
    expect(
      Object.fromEntries(
        redesign.output.targets.map((t: { component: string; pattern: string }) => [t.component, t.pattern]),
      ),
    ).toEqual({
      "portal-web": "containerise",
      "portal-api": "containerise",
      notifications: "containerise",
      "portal-db": "managed-database",
      sessions: "managed-cache",
      documents: "object-storage",
    });
    const epics = planning.output.epics as Array<{ id: string; dependsOn: string[]; effortDays: number }>;
    expect(epics[0]?.id).toBe("foundation");
    expect(epics.at(-1)?.id).toBe("cutover");
    epics.forEach((epic, i) => {
      for (const dep of epic.dependsOn) expect(epics.slice(0, i).map((e) => e.id)).toContain(dep);
    });
    expect(planning.output.totals.effortDays).toBeCloseTo(sum(epics.map((e) => e.effortDays)), 5);
    expect(planning.output.totals.calendarWeeks).toBeGreaterThan(0);
  });
});
