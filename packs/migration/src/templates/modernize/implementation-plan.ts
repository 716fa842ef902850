/**
 * Implementation planning: epics with steps and effort from a redesign. A foundation epic comes first, data
 * and state before the compute that uses it, and a cutover epic last; each epic depends only on earlier ones.
 * Effort grows with a component's size; contingency is added on top and the team's calendar weeks derived.
 */
import type { Handler } from "@mfo/runtime/pack";
import { createPureHandler } from "@mfo/runtime/pack";
import type { Pattern, TargetComponent } from "./redesign.js";

export interface Step {
  title: string;
  effortDays: number;
}

export interface Epic {
  id: string;
  title: string;
  component: string | null;
  pattern: Pattern | null;
  dependsOn: string[];
  steps: Step[];
  effortDays: number;
}

export interface ImplementationPlan {
  epics: Epic[];
  totals: { effortDays: number; contingencyDays: number; plannedDays: number; teamSize: number; calendarWeeks: number };
}

/** Steps per pattern, in person-days for a component of up to 50k lines. */
export const PATTERN_STEPS: Record<Pattern, Step[]> = {
  "vm-lift": [
    { title: "Replicate servers", effortDays: 3 },
    { title: "Test on the cloud VMs", effortDays: 2 },
  ],
  containerise: [
    { title: "Write the container image", effortDays: 3 },
    { title: "Externalise configuration and secrets", effortDays: 2 },
    { title: "Deploy manifests and health checks", effortDays: 3 },
  ],
  "split-into-services": [
    { title: "Map bounded contexts", effortDays: 5 },
    { title: "Extract services behind the existing API", effortDays: 15 },
    { title: "Contract tests between services", effortDays: 5 },
  ],
  "serverless-function": [
    { title: "Rewrite jobs as functions", effortDays: 5 },
    { title: "Wire event triggers", effortDays: 2 },
  ],
  "scheduled-job": [
    { title: "Containerise the batch", effortDays: 3 },
    { title: "Schedule and monitor runs", effortDays: 1 },
  ],
  "managed-database": [
    { title: "Provision the managed database", effortDays: 2 },
    { title: "Migrate schema and data", effortDays: 5 },
    { title: "Verify data and performance", effortDays: 3 },
  ],
  "managed-cache": [{ title: "Provision and switch the cache", effortDays: 2 }],
  "managed-queue": [
    { title: "Provision the queue", effortDays: 1 },
    { title: "Drain and switch producers and consumers", effortDays: 3 },
  ],
  "object-storage": [
    { title: "Copy files to object storage", effortDays: 2 },
    { title: "Switch file access to the storage API", effortDays: 3 },
  ],
  "saas-replacement": [
    { title: "Configure the SaaS product", effortDays: 10 },
    { title: "Train users", effortDays: 3 },
  ],
  "data-export": [
    { title: "Export and archive the data", effortDays: 3 },
    { title: "Verify the archive", effortDays: 1 },
  ],
  decommission: [{ title: "Shut down and remove", effortDays: 2 }],
  keep: [],
};

const FOUNDATION: Step[] = [
  { title: "Landing zone and network", effortDays: 5 },
  { title: "CI/CD pipelines", effortDays: 3 },
  { title: "Monitoring and logging", effortDays: 2 },
];
const CUTOVER: Step[] = [
  { title: "Rehearse the cutover", effortDays: 2 },
  { title: "Cut over and hypercare", effortDays: 3 },
];
const STATE: ReadonlySet<Pattern> = new Set([
  "managed-database",
  "managed-cache",
  "managed-queue",
  "object-storage",
  "data-export",
]);

const sumDays = (steps: Step[]) => Math.round(steps.reduce((s, step) => s + step.effortDays, 0) * 10) / 10;
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** Size factor: 1 up to 50k lines, then +0.5 per further 50k, at most 3. */
export function sizeFactor(loc: number | undefined): number {
  if (loc === undefined || loc <= 50_000) return 1;
  return Math.min(3, 1 + Math.ceil((loc - 50_000) / 50_000) * 0.5);
}

/** Epics in dependency order and the totals; `loc` by component name scales effort. */
export function planImplementation(
  targets: TargetComponent[],
  options: { teamSize?: number; contingencyPercent?: number; loc?: Record<string, number> } = {},
): ImplementationPlan {
  const teamSize = options.teamSize ?? 4;
  const contingencyPercent = options.contingencyPercent ?? 20;
  const work = targets.filter((t) => PATTERN_STEPS[t.pattern].length > 0);
  const taken = new Set(["foundation", "cutover"]);
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  };
  const epicOf = (t: TargetComponent, dependsOn: string[]): Epic => {
    const factor = sizeFactor(options.loc?.[t.component]);
    const steps = PATTERN_STEPS[t.pattern].map((s) => ({ title: s.title, effortDays: s.effortDays * factor }));
    return {
      id: uniqueId(slug(`${t.component}-${t.pattern}`)),
      title: `${t.component}: ${t.pattern}`,
      component: t.component,
      pattern: t.pattern,
      dependsOn,
      steps,
      effortDays: sumDays(steps),
    };
  };
  const foundation: Epic = {
    id: "foundation",
    title: "Platform foundation",
    component: null,
    pattern: null,
    dependsOn: [],
    steps: FOUNDATION,
    effortDays: sumDays(FOUNDATION),
  };
  const stateEpics = work.filter((t) => STATE.has(t.pattern)).map((t) => epicOf(t, ["foundation"]));
  const computeEpics = work
    .filter((t) => !STATE.has(t.pattern))
    .map((t) => epicOf(t, ["foundation", ...stateEpics.map((e) => e.id)]));
  const before = [foundation, ...stateEpics, ...computeEpics];
  const cutover: Epic = {
    id: "cutover",
    title: "Cutover",
    component: null,
    pattern: null,
    dependsOn: before.map((e) => e.id),
    steps: CUTOVER,
    effortDays: sumDays(CUTOVER),
  };
  const epics = [...before, cutover];
  const effortDays = sumDays(epics.flatMap((e) => e.steps));
  const contingencyDays = Math.round(effortDays * contingencyPercent) / 100;
  const plannedDays = Math.round((effortDays + contingencyDays) * 10) / 10;
  return {
    epics,
    totals: {
      effortDays,
      contingencyDays,
      plannedDays,
      teamSize,
      calendarWeeks: Math.ceil(plannedDays / (teamSize * 5)),
    },
  };
}

interface PlanParams {
  targets: TargetComponent[];
  components?: Array<{ name: string; loc?: number }>;
  teamSize?: number;
  contingencyPercent?: number;
}

/** `implementation-plan`: { epics, totals }. */
export function createImplementationPlanHandler(): Handler {
  return createPureHandler<PlanParams>(
    {
      name: "implementation-plan",
      title: "Implementation plan",
      description:
        "Epics with steps and person-day estimates from a redesign's targets: platform foundation first, data and state next, then compute, then cutover. Effort grows with component size (lines of code); contingency (20%) is added and calendar weeks derived from the team size. Output { epics, totals }.",
      category: "modernize",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["targets"],
        properties: {
          targets: {
            type: "array",
            title: "Targets",
            description: "e.g. =phases.redesign.output.targets",
            items: {
              type: "object",
              required: ["component", "pattern"],
              properties: {
                component: { type: "string" },
                pattern: { type: "string", enum: Object.keys(PATTERN_STEPS) },
              },
            },
          },
          components: {
            type: "array",
            title: "Components",
            description: "for their size (loc), e.g. =input.components",
            items: {
              type: "object",
              required: ["name"],
              properties: { name: { type: "string" }, loc: { type: "integer", minimum: 0 } },
            },
          },
          teamSize: { type: "integer", minimum: 1, maximum: 100, default: 4, title: "Team size" },
          contingencyPercent: { type: "number", minimum: 0, maximum: 200, default: 20, title: "Contingency (%)" },
        },
        additionalProperties: false,
      },
    },
    (params) =>
      planImplementation(params.targets, {
        ...(params.teamSize === undefined ? {} : { teamSize: params.teamSize }),
        ...(params.contingencyPercent === undefined ? {} : { contingencyPercent: params.contingencyPercent }),
        loc: Object.fromEntries(
          (params.components ?? []).flatMap((c) => (c.loc === undefined ? [] : [[c.name, c.loc]])),
        ),
      }),
  );
}
