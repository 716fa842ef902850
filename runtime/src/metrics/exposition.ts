/**
 * Renders registries in the Prometheus text format (version 0.0.4), optionally keeping only one tenant's
 * series. prom-client renders a registry whole; a scrape by a tenant's key must not show another tenant's
 * flow types, phases or counts, so samples are filtered on their `tenant` label before rendering. Samples
 * without a tenant label (process, HTTP, queue lag) are the installation's and always shown.
 */
import type { Registry } from "prom-client";

/** A sample of getMetricsAsJSON(); histograms name their _bucket, _sum and _count samples in metricName. */
interface Sample {
  value: number;
  labels: Record<string, string | number | undefined>;
  metricName?: string;
}

/** A metric of getMetricsAsJSON() (prom-client's typings call `type` an enum; it is the type's name). */
interface Metric {
  name: string;
  help: string;
  type: string;
  values: Sample[];
}

const escapeHelp = (text: string) => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
const escapeLabel = (text: string) => escapeHelp(text).replace(/"/g, '\\"');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

function formatSample(name: string, sample: Sample): string {
  const labels = Object.entries(sample.labels)
    .filter(([, value]) => value !== undefined)
    .map(([label, value]) => `${label}="${escapeLabel(String(value))}"`);
  const set = labels.length > 0 ? `{${labels.join(",")}}` : "";
  return `${sample.metricName ?? name}${set} ${formatValue(sample.value)}`;
}

function formatMetric(metric: Metric, tenant: string | undefined): string {
  const lines = [`# HELP ${metric.name} ${escapeHelp(metric.help)}`, `# TYPE ${metric.name} ${metric.type}`];
  for (const sample of metric.values) {
    const owner = sample.labels.tenant;
    if (tenant === undefined || owner === undefined || owner === tenant) lines.push(formatSample(metric.name, sample));
  }
  return lines.join("\n");
}

/** The text exposition of the registries' metrics; with `tenant`, only that tenant's tenant-labelled series. */
export async function renderMetrics(registries: readonly Registry[], tenant?: string): Promise<string> {
  const metrics = (await Promise.all(registries.map((r) => r.getMetricsAsJSON()))).flat() as unknown as Metric[];
  return `${metrics.map((m) => formatMetric(m, tenant)).join("\n")}\n`;
}
