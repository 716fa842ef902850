/**
 * The 6R strategy (retire, repurchase, retain, refactor, replatform, rehost) from an application profile and its
 * assessment scores, by ordered rules: every rule is evaluated and reported, the first that fires decides, and
 * rules that fired for other strategies lower the confidence. Thresholds are params with documented defaults.
 */
import type { Handler } from "@mfo/runtime/pack";
import { createPureHandler } from "@mfo/runtime/pack";
import type { ApplicationProfile } from "../../model/application-profile.js";
import { applicationProfileSchema } from "../../model/application-profile.js";

export type Strategy = "retire" | "repurchase" | "retain" | "refactor" | "replatform" | "rehost";

export interface SixRRules {
  /** Retire a low-value application with fewer monthly active users than this. */
  retireMaxUsers: number;
  /** Retain (do not move now) at or above this risk score... */
  retainMinRisk: number;
  /** ...when readiness is below this. */
  retainMaxReadiness: number;
  /** Refactor a high-value application whose tech stack is at least this old (years)... */
  refactorMinStackAge: number;
  /** ...or whose complexity score is at least this. */
  refactorMinComplexity: number;
  /** Replatform when readiness is at least this... */
  replatformMinReadiness: number;
  /** ...and the tech stack is at most this old (years). */
  replatformMaxStackAge: number;
}

export const DEFAULT_RULES: SixRRules = {
  retireMaxUsers: 10,
  retainMinRisk: 80,
  retainMaxReadiness: 30,
  refactorMinStackAge: 10,
  refactorMinComplexity: 50,
  replatformMinReadiness: 40,
  replatformMaxStackAge: 8,
};

export interface Scores {
  readiness: number;
  complexity: number;
  risk: number;
}

export interface FiredRule {
  rule: string;
  strategy: Strategy;
  reason: string;
}

export interface SixRResult {
  strategy: Strategy;
  /** 0-1: the deciding rule's base confidence, less 0.1 per other strategy that also fired and for thin input. */
  confidence: number;
  reasons: string[];
  fired: FiredRule[];
  alternatives: Strategy[];
}

interface Rule {
  rule: string;
  strategy: Strategy;
  confidence: number;
  /** The reason when the rule fires, else null. */
  test(profile: ApplicationProfile, scores: Scores, rules: SixRRules): string | null;
}

const RULES: Rule[] = [
  {
    rule: "end-of-life",
    strategy: "retire",
    confidence: 0.9,
    test: (p) => (p.endOfLife === true ? "the business has marked it end of life" : null),
  },
  {
    rule: "unused",
    strategy: "retire",
    confidence: 0.8,
    test: (p, _s, r) =>
      p.businessValue === "low" && p.activeUsers !== undefined && p.activeUsers < r.retireMaxUsers
        ? `low business value and ${p.activeUsers} monthly active users (< ${r.retireMaxUsers})`
        : null,
  },
  {
    rule: "saas-alternative",
    strategy: "repurchase",
    confidence: 0.75,
    test: (p) =>
      p.saasAvailable === true && p.businessValue !== "high"
        ? `a SaaS product covers it and its business value is ${p.businessValue ?? "not given"} (not high)`
        : null,
  },
  {
    rule: "must-stay",
    strategy: "retain",
    confidence: 0.85,
    test: (p) => (p.mustStayOnPremises === true ? "it must stay on premises" : null),
  },
  {
    rule: "too-risky-now",
    strategy: "retain",
    confidence: 0.7,
    test: (_p, s, r) =>
      s.risk >= r.retainMinRisk && s.readiness < r.retainMaxReadiness
        ? `risk ${s.risk} >= ${r.retainMinRisk} with readiness ${s.readiness} < ${r.retainMaxReadiness}`
        : null,
  },
  {
    rule: "high-value-legacy",
    strategy: "refactor",
    confidence: 0.7,
    test: (p, s, r) => {
      if (p.businessValue !== "high") return null;
      if (p.techStackAgeYears !== undefined && p.techStackAgeYears >= r.refactorMinStackAge)
        return `high business value on a ${p.techStackAgeYears}-year-old stack (>= ${r.refactorMinStackAge})`;
      if (s.complexity >= r.refactorMinComplexity)
        return `high business value with complexity ${s.complexity} (>= ${r.refactorMinComplexity})`;
      return null;
    },
  },
  {
    rule: "ready-modern-stack",
    strategy: "replatform",
    confidence: 0.65,
    test: (p, s, r) =>
      s.readiness >= r.replatformMinReadiness &&
      p.techStackAgeYears !== undefined &&
      p.techStackAgeYears <= r.replatformMaxStackAge
        ? `readiness ${s.readiness} >= ${r.replatformMinReadiness} on a ${p.techStackAgeYears}-year-old stack (<= ${r.replatformMaxStackAge})`
        : null,
  },
];

const PROFILE_FACTS: Array<keyof ApplicationProfile> = [
  "loc",
  "integrations",
  "techStackAgeYears",
  "testCoverage",
  "businessValue",
];

/** Applies the rules in order; rehost (lift and shift) when none fires. */
export function sixR(profile: ApplicationProfile, scores: Scores, overrides: Partial<SixRRules> = {}): SixRResult {
  const rules = { ...DEFAULT_RULES, ...overrides };
  const fired: Array<FiredRule & { confidence: number }> = [];
  for (const rule of RULES) {
    const reason = rule.test(profile, scores, rules);
    if (reason !== null) fired.push({ rule: rule.rule, strategy: rule.strategy, reason, confidence: rule.confidence });
  }
  const decisive = fired[0] ?? {
    rule: "default",
    strategy: "rehost" as const,
    reason: "no other rule fired: lift and shift",
    confidence: 0.6,
  };
  const alternatives = [...new Set(fired.map((f) => f.strategy))].filter((s) => s !== decisive.strategy);
  const unknown = PROFILE_FACTS.filter((fact) => profile[fact] === undefined).length;
  const penalty = 0.1 * alternatives.length + (unknown >= 3 ? 0.1 : 0);
  const confidence = Math.round(Math.max(0.3, decisive.confidence - penalty) * 100) / 100;
  return {
    strategy: decisive.strategy,
    confidence,
    reasons:
      fired.length === 0
        ? [decisive.reason]
        : fired.filter((f) => f.strategy === decisive.strategy).map((f) => f.reason),
    fired: fired.map(({ rule, strategy, reason }) => ({ rule, strategy, reason })),
    alternatives,
  };
}

const scoreParam = (name: string) =>
  ({
    type: "number",
    minimum: 0,
    maximum: 100,
    title: `${name[0]?.toUpperCase()}${name.slice(1)} score`,
    description: `e.g. =phases.${name}.output.score`,
  }) as const;

const ruleParam = (key: keyof SixRRules, title: string, description: string, maximum = 100) =>
  ({ type: "number", minimum: 0, maximum, title, description, default: DEFAULT_RULES[key] }) as const;

interface SixRParams {
  profile: ApplicationProfile;
  readiness: number;
  complexity: number;
  risk: number;
  rules?: Partial<SixRRules>;
}

/** `six-r`: { strategy, confidence, reasons, fired, alternatives }. */
export function createSixRHandler(): Handler {
  return createPureHandler<SixRParams>(
    {
      name: "six-r",
      title: "6R strategy",
      description:
        "Rule-based migration strategy. In order, the first rule that fires decides: retire (end of life; low value and few users), repurchase (SaaS available, value not high), retain (must stay on premises; risk too high for the readiness), refactor (high value on an old stack or complex), replatform (ready, modern stack), else rehost. Output { strategy, confidence, reasons, fired, alternatives }.",
      category: "assessment",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["profile", "readiness", "complexity", "risk"],
        properties: {
          profile: applicationProfileSchema,
          readiness: scoreParam("readiness"),
          complexity: scoreParam("complexity"),
          risk: scoreParam("risk"),
          rules: {
            type: "object",
            title: "Rule thresholds",
            description: "override any threshold; the rest keep their defaults",
            properties: {
              retireMaxUsers: ruleParam(
                "retireMaxUsers",
                "Retire below users",
                "retire a low-value application with fewer monthly active users",
                1e9,
              ),
              retainMinRisk: ruleParam(
                "retainMinRisk",
                "Retain from risk",
                "retain when risk is at least this and readiness is low",
              ),
              retainMaxReadiness: ruleParam(
                "retainMaxReadiness",
                "Retain below readiness",
                "readiness under which high risk means retain",
              ),
              refactorMinStackAge: ruleParam(
                "refactorMinStackAge",
                "Refactor from stack age",
                "years; a high-value application this old is refactored",
                100,
              ),
              refactorMinComplexity: ruleParam(
                "refactorMinComplexity",
                "Refactor from complexity",
                "a high-value application this complex is refactored",
              ),
              replatformMinReadiness: ruleParam(
                "replatformMinReadiness",
                "Replatform from readiness",
                "readiness at which managed services pay off",
              ),
              replatformMaxStackAge: ruleParam(
                "replatformMaxStackAge",
                "Replatform up to stack age",
                "years; older stacks need more than a replatform",
                100,
              ),
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
    (params) =>
      sixR(
        params.profile,
        { readiness: params.readiness, complexity: params.complexity, risk: params.risk },
        params.rules,
      ),
  );
}
