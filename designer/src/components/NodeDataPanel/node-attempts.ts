/**
 * The attempts a panel shows: those finished by the time looked at (time travel passes `asOfSeq`), the run/attempt
 * choices, and the details a decision, an approval or a wait recorded, read defensively (detail is free-form).
 */
import type { NodeAttempt } from "@mfo/schemas";

/** Attempts recorded by event `asOfSeq` (all of them without one), oldest first as the API gives them. */
export function attemptsAsOf(attempts: readonly NodeAttempt[], asOfSeq?: number): NodeAttempt[] {
  return asOfSeq === undefined ? [...attempts] : attempts.filter((a) => a.finishedSeq <= asOfSeq);
}

/** A stable key for one attempt of one run. */
export const attemptKey = (a: Pick<NodeAttempt, "run" | "attempt">) => `${a.run}.${a.attempt}`;

/** How a selector names an attempt: "run 2, attempt 3 · failed" (the run only when the node ran more than once). */
export function attemptName(a: NodeAttempt, severalRuns: boolean): string {
  return `${severalRuns ? `run ${a.run}, ` : ""}attempt ${a.attempt} · ${a.status}`;
}

export interface Condition {
  edge: string;
  when: string;
  value: unknown;
}

export type NodeDetail =
  | { kind: "decision"; edge: string | undefined; conditions: Condition[] }
  | { kind: "approval"; decision: string | undefined; by: string | undefined; comment: string | undefined; at: string }
  | { kind: "wait"; dueAt: string | undefined; firedAt: string | undefined }
  | undefined;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** What a decision, an approval or a wait recorded beyond its output, for the panel's Details area. */
export function nodeDetail(type: string, attempt: NodeAttempt | undefined): NodeDetail {
  const d = attempt?.detail;
  if (!attempt || !d) return undefined;
  if (type === "decision") {
    const conditions = Array.isArray(d.conditions)
      ? d.conditions.filter((c): c is Record<string, unknown> => c !== null && typeof c === "object")
      : [];
    return {
      kind: "decision",
      edge: str(d.edge),
      conditions: conditions.map((c) => ({ edge: String(c.edge ?? ""), when: String(c.when ?? ""), value: c.value })),
    };
  }
  if (type === "approval")
    return {
      kind: "approval",
      decision: str(d.decision),
      by: str(d.by),
      comment: str(d.comment),
      at: attempt.finishedAt,
    };
  if (type === "wait") return { kind: "wait", dueAt: str(d.dueAt), firedAt: str(d.firedAt) };
  return undefined;
}

/** A duration as people read it: 850 ms, 2.4 s, 3 min 5 s. */
export function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
