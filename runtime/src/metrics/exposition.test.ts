import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { parsePrometheusText, sumOf } from "../testing/prometheus-text.js";
import { renderMetrics } from "./exposition.js";

function sampleRegistry(): Registry {
  const registry = new Registry();
  const registers = [registry];
  const steps = new Counter({
    name: "t_steps_total",
    help: 'Steps \\ "done"\nby tenant.',
    labelNames: ["tenant", "phase"],
    registers,
  });
  steps.inc({ tenant: "acme", phase: 'a "quoted" \\ phase\n' }, 2);
  steps.inc({ tenant: "globex", phase: "b" }, 5);
  const seconds = new Histogram({
    name: "t_seconds",
    help: "Durations.",
    labelNames: ["tenant"],
    buckets: [0.1, 1],
    registers,
  });
  seconds.observe({ tenant: "acme" }, 0.05);
  seconds.observe({ tenant: "acme" }, 3);
  seconds.observe({ tenant: "globex" }, 0.5);
  new Gauge({ name: "t_lag_seconds", help: "Lag, for everyone.", registers }).set(1.5);
  return registry;
}

describe("rendering metrics", () => {
  it("renders exactly what prom-client renders, escapes included", async () => {
    const registry = sampleRegistry();
    const ours = parsePrometheusText(await renderMetrics([registry]));
    const theirs = parsePrometheusText(await registry.metrics());
    expect(ours).toEqual(theirs);
    expect(ours.get("t_steps_total")?.help).toBe('Steps \\\\ "done"\\nby tenant.');
    expect(sumOf(ours, "t_steps_total", { phase: 'a "quoted" \\ phase\n' })).toBe(2);
  });

  it("shows one tenant only its own series besides the unlabelled ones", async () => {
    const scoped = parsePrometheusText(await renderMetrics([sampleRegistry()], "acme"));
    const tenants = [...scoped.values()].flatMap((f) => f.samples.map((s) => s.labels.tenant)).filter(Boolean);
    expect(new Set(tenants)).toEqual(new Set(["acme"]));
    expect(sumOf(scoped, "t_steps_total")).toBe(2);
    expect(sumOf(scoped, "t_seconds_count")).toBe(2);
    expect(sumOf(scoped, "t_lag_seconds")).toBe(1.5);
  });

  it("keeps the families of a tenant with no series yet, typed and empty", async () => {
    const scoped = parsePrometheusText(await renderMetrics([sampleRegistry()], "initech"));
    expect(scoped.get("t_steps_total")).toMatchObject({ type: "counter", samples: [] });
    expect(scoped.get("t_seconds")).toMatchObject({ type: "histogram", samples: [] });
  });
});
