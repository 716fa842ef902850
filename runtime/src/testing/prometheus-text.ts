/**
 * A strict parser of the Prometheus text exposition format (0.0.4), for tests of /metrics where promtool is not
 * installed. Every line must be `# HELP`, `# TYPE` or a sample `name{labels} value`; names, label escapes and
 * values follow the format; a family is typed before its samples, contiguous and never repeated; no series
 * appears twice; counters are not negative; each histogram series has ascending `le` buckets with
 * non-decreasing counts, a +Inf bucket equal to its _count, and a _sum. Anything else throws, naming the line.
 */

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  /** The sample's own name (e.g. x_bucket of histogram x). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = "[a-zA-Z_][a-zA-Z0-9_]*";
const TYPES = new Set<MetricType>(["counter", "gauge", "histogram", "summary", "untyped"]);
const COMMENT = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL_PAIR = new RegExp(`^(${LABEL})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"(,|$)`);

function parseValue(text: string): number | undefined {
  if (/^[+]?Inf$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-Inf$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^NaN$/i.test(text)) return Number.NaN;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

function parseLabels(text: string, fail: (why: string) => never): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const match = LABEL_PAIR.exec(rest);
    if (!match) fail(`bad label set {${text}}`);
    const [whole, name, raw] = match as unknown as [string, string, string];
    if (name in labels) fail(`label ${name} twice`);
    labels[name] = raw.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    rest = rest.slice(whole.length);
  }
  return labels;
}

/** The family a sample belongs to: its own name, or a histogram's/summary's base name. */
function familyOf(name: string, families: Map<string, Family>): Family | undefined {
  const own = families.get(name);
  if (own) return own;
  const base = name.replace(/_(bucket|sum|count)$/, "");
  const family = base === name ? undefined : families.get(base);
  if (family?.type === "histogram") return family;
  if (family?.type === "summary" && !name.endsWith("_bucket")) return family;
  return undefined;
}

const seriesKey = (name: string, labels: Record<string, string>, without?: string) =>
  `${name}${JSON.stringify(
    Object.entries(labels)
      .filter(([k]) => k !== without)
      .sort(),
  )}`;

function checkHistogram(family: Family, fail: (why: string) => never): void {
  const series = new Map<string, { buckets: Array<[number, number]>; count?: number; sum?: number }>();
  for (const sample of family.samples) {
    const key = seriesKey(family.name, sample.labels, "le");
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith("_bucket")) {
      const le = sample.labels.le === undefined ? undefined : parseValue(sample.labels.le);
      if (le === undefined || Number.isNaN(le)) fail(`${family.name}: a bucket without a valid le label`);
      entry.buckets.push([le, sample.value]);
    } else if (sample.name.endsWith("_count")) entry.count = sample.value;
    else if (sample.name.endsWith("_sum")) entry.sum = sample.value;
    else fail(`${family.name}: histogram sample ${sample.name} is not a _bucket, _sum or _count`);
  }
  for (const [key, entry] of series) {
    entry.buckets.forEach(([le, n], i) => {
      const previous = entry.buckets[i - 1];
      if (previous && !(le > previous[0])) fail(`${key}: le ${le} is not above ${previous[0]}`);
      if (previous && n < previous[1]) fail(`${key}: bucket le=${le} counts ${n}, fewer than the one before`);
    });
    const last = entry.buckets.at(-1);
    if (!last || last[0] !== Number.POSITIVE_INFINITY) fail(`${key}: no +Inf bucket`);
    if (entry.count !== last[1]) fail(`${key}: _count ${entry.count} is not the +Inf bucket's ${last[1]}`);
    if (entry.sum === undefined) fail(`${key}: no _sum`);
  }
}

/** Parses an exposition; throws an Error naming the first line or series that breaks the format. */
export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  let current: Family | undefined;
  // A HELP line of a family not yet typed: its TYPE must come next.
  let help: { name: string; text: string } | undefined;
  if (!text.endsWith("\n")) throw new Error("the exposition does not end with a newline");
  text
    .slice(0, -1)
    .split("\n")
    .forEach((line, index) => {
      const fail = (why: string): never => {
        throw new Error(`line ${index + 1}: ${why}: ${JSON.stringify(line)}`);
      };
      if (line === "") return;
      const comment = line.startsWith("#")
        ? (COMMENT.exec(line) ?? fail("a comment that is neither HELP nor TYPE"))
        : null;
      const [, kind, name = "", rest = ""] = (comment ?? []) as unknown as [string, "HELP" | "TYPE", string, string?];
      if (help && !(kind === "TYPE" && name === help.name)) fail(`HELP of ${help.name} is not followed by its TYPE`);
      if (comment) {
        const family = families.get(name);
        if (family && family !== current) fail(`family ${name} appears again after another one`);
        if (kind === "HELP") {
          if (family) fail(`HELP of ${name} after its TYPE`);
          help = { name, text: rest };
          return;
        }
        if (family) fail(`a second TYPE of ${name}`);
        if (!TYPES.has(rest as MetricType)) fail(`unknown type ${rest}`);
        current = { name, type: rest as MetricType, ...(help ? { help: help.text } : {}), samples: [] };
        families.set(name, current);
        help = undefined;
        return;
      }
      const match = SAMPLE.exec(line) ?? fail("not a sample line");
      const [, sampleName, labelText, valueText] = match as unknown as [string, string, string | undefined, string];
      const family = familyOf(sampleName, families) ?? fail(`sample ${sampleName} of no family declared by a TYPE`);
      if (family !== current) fail(`sample of ${family.name} outside its family's block`);
      const value = parseValue(valueText) ?? fail(`bad value ${valueText}`);
      const labels = labelText === undefined ? {} : parseLabels(labelText, fail);
      const key = seriesKey(sampleName, labels);
      if (seen.has(key)) fail("the same series twice");
      seen.add(key);
      if (family.type === "counter" && !(value >= 0)) fail("a counter below zero");
      family.samples.push({ name: sampleName, labels, value });
    });
  if (help) throw new Error(`HELP of ${help.name} is not followed by its TYPE`);
  for (const family of families.values()) {
    if (family.type === "histogram")
      checkHistogram(family, (why) => {
        throw new Error(why);
      });
  }
  return families;
}

/** Sum of the samples named `name` whose labels include `labels` (0 when none). */
export function sumOf(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const family of families.values())
    for (const sample of family.samples)
      if (sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v))
        total += sample.value;
  return total;
}
