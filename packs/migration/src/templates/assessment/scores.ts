/**
 * Assessment scores, 0-100 each, with the factors that made them: readiness (how ready the application is to
 * move; higher is better), complexity (how hard the move is) and risk (how likely the move goes wrong, from the
 * other two and compliance). Each factor has a cap; the caps of a score add up to 100.
 */

import type { Handler } from "@mfo/runtime/pack";
import { createPureHandler } from "@mfo/runtime/pack";
import type { CatalogueEntry } from "@mfo/schemas";
import { type ApplicationProfile, applicationProfileSchema } from "../../model/application-profile.js";

export type Level = "low" | "medium" | "high";

export interface Factor {
  factor: string;
  /** The input value the factor read; null when the input does not say. */
  value: number | boolean | string[] | null;
  points: number;
  max: number;
}

export interface Score {
  score: number;
  level: Level;
  factors: Factor[];
}

export interface LevelThresholds {
  /** A score at or above this is "high". */
  high: number;
  /** A score at or above this (and below high) is "medium". */
  medium: number;
}

export const DEFAULT_THRESHOLDS: LevelThresholds = { high: 60, medium: 35 };

const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));

function factor(name: string, value: Factor["value"] | undefined, max: number, points: (v: never) => number): Factor {
  if (value === undefined || value === null) return { factor: name, value: null, points: 0, max };
  return { factor: name, value, points: round1(clamp(points(value as never), 0, max)), max };
}

function scored(factors: Factor[], thresholds: LevelThresholds): Score {
  const score = round1(
    clamp(
      factors.reduce((sum, f) => sum + f.points, 0),
      0,
      100,
    ),
  );
  return { score, level: levelOf(score, thresholds), factors };
}

/** "high", "medium" or "low" for a score, by the thresholds. */
export function levelOf(score: number, thresholds: LevelThresholds = DEFAULT_THRESHOLDS): Level {
  if (score >= thresholds.high) return "high";
  return score >= thresholds.medium ? "medium" : "low";
}

/**
 * Complexity: size (30; log scale, a million lines is the cap), integrations (25; 2.5 each), data volume (15; log
 * scale, 10 TB is the cap), tech stack age (15; 1.5 a year) and compliance regimes (15; 5 each).
 */
export function complexityScore(profile: ApplicationProfile, thresholds = DEFAULT_THRESHOLDS): Score {
  return scored(
    [
      factor("size", profile.loc, 30, (loc: number) => (30 * Math.log10(loc + 1)) / 6),
      factor("integrations", profile.integrations, 25, (n: number) => n * 2.5),
      factor("data volume", profile.dataVolumeGb, 15, (gb: number) => (15 * Math.log10(gb + 1)) / 4),
      factor("tech stack age", profile.techStackAgeYears, 15, (years: number) => years * 1.5),
      factor("compliance", profile.compliance, 15, (flags: string[]) => new Set(flags).size * 5),
    ],
    thresholds,
  );
}

/**
 * Readiness: test coverage (30, in proportion), a young tech stack (25, none at 15 years), few integrations (15,
 * none at 20), already containerised (15) and CI/CD (15). A fact the input does not give earns nothing.
 */
export function readinessScore(profile: ApplicationProfile, thresholds = DEFAULT_THRESHOLDS): Score {
  return scored(
    [
      factor("test coverage", profile.testCoverage, 30, (pct: number) => (30 * pct) / 100),
      factor("tech stack age", profile.techStackAgeYears, 25, (years: number) => 25 * (1 - years / 15)),
      factor("integrations", profile.integrations, 15, (n: number) => 15 * (1 - n / 20)),
      factor("containerised", profile.containerised, 15, (yes: boolean) => (yes ? 15 : 0)),
      factor("ci/cd", profile.cicd, 15, (yes: boolean) => (yes ? 15 : 0)),
    ],
    thresholds,
  );
}

/**
 * Risk: 45% of complexity, 45% of unreadiness (100 - readiness) and compliance regimes (10; 5 each), so an
 * application nothing is known about lands in the middle.
 */
export function riskScore(
  profile: ApplicationProfile,
  complexity: number,
  readiness: number,
  thresholds = DEFAULT_THRESHOLDS,
): Score {
  const complexityPoints = round1(0.45 * clamp(complexity, 0, 100));
  const unreadinessPoints = round1(0.45 * (100 - clamp(readiness, 0, 100)));
  return scored(
    [
      { factor: "complexity", value: complexity, points: complexityPoints, max: 45 },
      { factor: "unreadiness", value: readiness, points: unreadinessPoints, max: 45 },
      factor("compliance", profile.compliance, 10, (flags: string[]) => new Set(flags).size * 5),
    ],
    thresholds,
  );
}

const thresholdsSchema = {
  type: "object",
  title: "Level thresholds",
  description: "score at or above `high` is high, at or above `medium` is medium, else low",
  properties: {
    high: { type: "number", minimum: 0, maximum: 100, default: DEFAULT_THRESHOLDS.high, title: "High from" },
    medium: { type: "number", minimum: 0, maximum: 100, default: DEFAULT_THRESHOLDS.medium, title: "Medium from" },
  },
  additionalProperties: false,
} as const;

const scoreInput = (name: string, title: string) =>
  ({
    type: "number",
    minimum: 0,
    maximum: 100,
    title,
    description: `the ${name} score, e.g. =phases.${name}.output.score`,
  }) as const;

interface ScoreParams {
  profile: ApplicationProfile;
  thresholds?: Partial<LevelThresholds>;
  complexity?: number;
  readiness?: number;
}

function entry(name: string, title: string, description: string, extra: Record<string, unknown> = {}): CatalogueEntry {
  return {
    name,
    title,
    description,
    category: "assessment",
    pure: true,
    paramsSchema: {
      type: "object",
      required: ["profile", ...Object.keys(extra)],
      properties: { profile: applicationProfileSchema, ...extra, thresholds: thresholdsSchema },
      additionalProperties: false,
    },
  };
}

const thresholdsOf = (params: ScoreParams): LevelThresholds => ({ ...DEFAULT_THRESHOLDS, ...params.thresholds });

/** `readiness-score`: { score, level, factors } from the application profile. */
export function createReadinessScoreHandler(): Handler {
  return createPureHandler<ScoreParams>(
    entry(
      "readiness-score",
      "Readiness score",
      "0-100 (higher is readier): test coverage 30, young tech stack 25, few integrations 15, containerised 15, CI/CD 15. Output { score, level, factors }.",
    ),
    (params) => readinessScore(params.profile, thresholdsOf(params)),
  );
}

/** `complexity-score`: { score, level, factors } from the application profile. */
export function createComplexityScoreHandler(): Handler {
  return createPureHandler<ScoreParams>(
    entry(
      "complexity-score",
      "Complexity score",
      "0-100: size (lines of code, log scale) 30, integrations 25, data volume 15, tech stack age 15, compliance regimes 15. Output { score, level, factors }.",
    ),
    (params) => complexityScore(params.profile, thresholdsOf(params)),
  );
}

/** `risk-score`: { score, level, factors } from the complexity and readiness scores and the profile. */
export function createRiskScoreHandler(): Handler {
  return createPureHandler<ScoreParams>(
    entry(
      "risk-score",
      "Risk score",
      "0-100: 45% of complexity, 45% of (100 - readiness), compliance regimes 10. Level high from 60 by default. Output { score, level, factors }.",
      {
        complexity: scoreInput("complexity", "Complexity score"),
        readiness: scoreInput("readiness", "Readiness score"),
      },
    ),
    (params) => riskScore(params.profile, params.complexity ?? 0, params.readiness ?? 0, thresholdsOf(params)),
  );
}
