/**
 * Redesign: the target architecture of each component, from the application's 6R strategy and the component's
 * kind. Replatform moves compute into containers and state onto managed services; refactor also splits large
 * services and moves batch work to functions; rehost lifts everything onto VMs; repurchase, retire and retain
 * decide the whole application at once.
 */
import type { Handler } from "@mfo/runtime/pack";
import { createPureHandler } from "@mfo/runtime/pack";
import type { Strategy } from "../assessment/six-r.js";

export type ComponentKind = "web" | "api" | "worker" | "batch" | "database" | "cache" | "queue" | "file-store";

export type Pattern =
  | "vm-lift"
  | "containerise"
  | "split-into-services"
  | "serverless-function"
  | "scheduled-job"
  | "managed-database"
  | "managed-cache"
  | "managed-queue"
  | "object-storage"
  | "saas-replacement"
  | "data-export"
  | "decommission"
  | "keep";

export interface Component {
  name: string;
  kind: ComponentKind;
  loc?: number;
}

export interface TargetComponent {
  component: string;
  kind: ComponentKind;
  pattern: Pattern;
  /** How many deployable services the component becomes (0 when it goes away). */
  services: number;
  rationale: string;
}

export interface Redesign {
  strategy: Strategy;
  platform: string;
  targets: TargetComponent[];
  patterns: Partial<Record<Pattern, number>>;
}

const COMPUTE = new Set<ComponentKind>(["web", "api", "worker", "batch"]);
const MANAGED: Partial<Record<ComponentKind, Pattern>> = {
  database: "managed-database",
  cache: "managed-cache",
  queue: "managed-queue",
  "file-store": "object-storage",
};

function patternOf(
  strategy: Strategy,
  c: Component,
  splitLoc: number,
): { pattern: Pattern; services: number; rationale: string } {
  const stateful = !COMPUTE.has(c.kind);
  switch (strategy) {
    case "retire":
      return {
        pattern: stateful ? "data-export" : "decommission",
        services: 0,
        rationale: stateful ? "archive the data before shutdown" : "the application is retired",
      };
    case "repurchase":
      return stateful
        ? { pattern: "data-export", services: 0, rationale: "migrate its data into the SaaS product" }
        : { pattern: "saas-replacement", services: 0, rationale: "a SaaS product replaces it" };
    case "retain":
      return { pattern: "keep", services: 1, rationale: "retained where it runs" };
    case "rehost":
      return { pattern: "vm-lift", services: 1, rationale: "lift and shift as is onto cloud VMs" };
    case "replatform":
    case "refactor": {
      const managed = MANAGED[c.kind];
      if (managed) return { pattern: managed, services: 1, rationale: `a managed service runs the ${c.kind}` };
      if (strategy === "refactor" && c.kind === "batch")
        return { pattern: "serverless-function", services: 1, rationale: "batch work runs as event-driven functions" };
      if (strategy === "refactor" && (c.kind === "api" || c.kind === "web") && (c.loc ?? 0) >= splitLoc) {
        const services = Math.ceil((c.loc ?? 0) / splitLoc);
        return {
          pattern: "split-into-services",
          services,
          rationale: `${c.loc} lines split into ${services} services of under ${splitLoc}`,
        };
      }
      if (c.kind === "batch")
        return { pattern: "scheduled-job", services: 1, rationale: "batch work runs as scheduled container jobs" };
      return { pattern: "containerise", services: 1, rationale: "containerised onto the platform" };
    }
  }
}

/** One target per component, in input order, and how often each pattern is used. */
export function redesign(
  strategy: Strategy,
  components: Component[],
  platform = "kubernetes",
  splitLoc = 100_000,
): Redesign {
  const targets = components.map((c) => ({ component: c.name, kind: c.kind, ...patternOf(strategy, c, splitLoc) }));
  const patterns: Partial<Record<Pattern, number>> = {};
  for (const t of targets) patterns[t.pattern] = (patterns[t.pattern] ?? 0) + 1;
  return { strategy, platform, targets, patterns };
}

/** JSON Schema of the components list (the modernize template's input uses the same shape). */
export const componentsSchema = {
  type: "array",
  title: "Components",
  description: "e.g. =input.components",
  items: {
    type: "object",
    required: ["name", "kind"],
    properties: {
      name: { type: "string", minLength: 1, title: "Name" },
      kind: {
        type: "string",
        enum: ["web", "api", "worker", "batch", "database", "cache", "queue", "file-store"],
        title: "Kind",
      },
      loc: { type: "integer", minimum: 0, title: "Lines of code" },
    },
  },
} as const;

interface RedesignParams {
  strategy: Strategy;
  components: Component[];
  platform?: string;
  splitLoc?: number;
}

/** `redesign`: { strategy, platform, targets, patterns }. */
export function createRedesignHandler(): Handler {
  return createPureHandler<RedesignParams>(
    {
      name: "redesign",
      title: "Target architecture",
      description:
        "Chooses a target pattern per component from the 6R strategy: replatform containerises compute and moves databases, caches, queues and files to managed services; refactor also splits APIs/web apps of 100k+ lines and turns batch into functions; rehost lifts onto VMs; repurchase, retire and retain decide the whole application. Output { strategy, platform, targets, patterns }.",
      category: "modernize",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["strategy", "components"],
        properties: {
          strategy: {
            type: "string",
            enum: ["rehost", "replatform", "repurchase", "refactor", "retire", "retain"],
            title: "6R strategy",
            description: "e.g. the six-r output's strategy",
          },
          components: componentsSchema,
          platform: { type: "string", minLength: 1, default: "kubernetes", title: "Target platform" },
          splitLoc: {
            type: "integer",
            minimum: 1000,
            default: 100_000,
            title: "Split from lines of code",
            description: "under refactor, an API or web app this large is split into services of under this size",
          },
        },
        additionalProperties: false,
      },
    },
    (params) => redesign(params.strategy, params.components, params.platform, params.splitLoc),
  );
}
