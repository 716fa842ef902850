import { describe, expect, it } from "vitest";
import { parsePrometheusText, sumOf } from "./prometheus-text.js";

const valid = `# HELP jobs_total Jobs done.
# TYPE jobs_total counter
jobs_total{queue="a \\"quoted\\" \\\\ name\\n"} 3
jobs_total{queue="b"} 4
# TYPE wait_seconds histogram
wait_seconds_bucket{le="0.1",queue="a"} 1
wait_seconds_bucket{le="1",queue="a"} 2
wait_seconds_bucket{le="+Inf",queue="a"} 2
wait_seconds_sum{queue="a"} 0.6
wait_seconds_count{queue="a"} 2
# TYPE up gauge
up NaN
`;

describe("the strict Prometheus text parser", () => {
  it("reads families, label escapes and values", () => {
    const families = parsePrometheusText(valid);
    expect([...families.keys()]).toEqual(["jobs_total", "wait_seconds", "up"]);
    expect(families.get("jobs_total")).toMatchObject({ type: "counter", help: "Jobs done." });
    expect(families.get("jobs_total")?.samples[0]?.labels.queue).toBe('a "quoted" \\ name\n');
    expect(sumOf(families, "jobs_total")).toBe(7);
    expect(sumOf(families, "wait_seconds_bucket", { le: "1" })).toBe(2);
    expect(Number.isNaN(families.get("up")?.samples[0]?.value)).toBe(true);
  });

  it.each([
    ["a comment other than HELP or TYPE", "neither HELP nor TYPE", "# TYPE x gauge\n# hello\nx 1\n"],
    ["a sample before its TYPE", "no family declared", "x 1\n# TYPE x gauge\n"],
    ["an unknown type", "unknown type", "# TYPE x meter\nx 1\n"],
    ["a bad metric name", "not a sample line", "# TYPE x gauge\n1x 1\n"],
    ["a bad value", "bad value", "# TYPE x gauge\nx one\n"],
    ["an unquoted label value", "bad label set", "# TYPE x gauge\nx{a=b} 1\n"],
    ["a bad escape in a label value", "bad label set", '# TYPE x gauge\nx{a="\\t"} 1\n'],
    ["the same series twice", "the same series twice", '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n'],
    ["a negative counter", "below zero", "# TYPE x counter\nx -1\n"],
    ["a family split in two", "appears again", "# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\n# TYPE x gauge\n"],
    ["a HELP without its TYPE", "not followed by its TYPE", "# HELP x X.\n# TYPE y gauge\ny 1\n"],
    ["no final newline", "newline", "# TYPE x gauge\nx 1"],
    [
      "histogram buckets that shrink",
      "fewer than the one before",
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    ],
    [
      "histogram buckets out of order",
      "is not above",
      '# TYPE h histogram\nh_bucket{le="2"} 1\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    ],
    ["a histogram without +Inf", "no +Inf bucket", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    [
      "a +Inf bucket that is not the count",
      "is not the +Inf",
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n',
    ],
    ["a histogram without _sum", "no _sum", '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n'],
  ])("rejects %s", (_, reason, text) => {
    expect(() => parsePrometheusText(text)).toThrow(reason);
  });
});
