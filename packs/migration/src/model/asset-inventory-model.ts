/**
 * What the migration domain handlers share: the canonical asset record, the known types and platforms, and
 * readers that turn a phase's resolved params into typed values or fail the phase (not retryable: the same
 * params fail the same way on every attempt).
 */
import { invalidParams } from "@mfo/runtime/pack";

/** Asset types every domain handler and the `asset` validator know. */
export const ASSET_TYPES = ["server", "database", "application", "storage", "network", "load-balancer"] as const;
/** Platform families; "unknown" is what normalising gives when it cannot tell, and it is not known. */
export const PLATFORMS = ["windows", "linux", "unix", "mainframe", "appliance", "cloud"] as const;
/** Migration complexity of an asset; resource planning turns it into effort. */
export const COMPLEXITIES = ["low", "medium", "high"] as const;

/** A canonical asset as the inventory outputs it; extra fields pass through. */
export interface Asset {
  id: string;
  hostname: string;
  type: string;
  platform: string;
  os?: string;
  ip?: string;
  environment?: string;
  complexity?: string;
  dependsOn?: string[];
  [field: string]: unknown;
}

/** `from` depends on `to`: `to` must move no later than `from`, and be shut down no earlier. */
export interface Dependency {
  from: string;
  to: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * A list param as a list. JSONata gives a one-element result as the element itself and an empty one as
 * nothing, so `=phases.x.output.assets` may resolve to an object or be absent.
 */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** `params[name]` as an array of objects; absent gives `[]` unless required. */
export function recordsParam(
  params: Record<string, unknown>,
  name: string,
  required = true,
): Record<string, unknown>[] {
  const value = params[name];
  if (value === undefined || value === null) {
    if (required) throw invalidParams(`params.${name} is required (an array of objects)`);
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  const bad = list.findIndex((item) => !isRecord(item));
  if (bad >= 0) throw invalidParams(`params.${name}[${bad}] is not an object`);
  return list as Record<string, unknown>[];
}

/** A positive integer param, or its default. */
export function positiveIntParam(params: Record<string, unknown>, name: string, fallback: number): number {
  const value = params[name] ?? fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
    throw invalidParams(`params.${name} must be a positive integer`);
  return value;
}

/** The id of an asset record, or a plain string naming one. */
export function assetIdOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isRecord(value) && typeof value.id === "string") return value.id;
  return undefined;
}

/**
 * Dependencies from explicit `{ from, to }` records plus each asset's `dependsOn`, deduplicated, in a stable
 * order. Records that name no `from`/`to` are rejected.
 */
export function collectDependencies(assets: readonly unknown[], explicit: readonly unknown[]): Dependency[] {
  const seen = new Set<string>();
  const out: Dependency[] = [];
  const add = (from: string, to: string) => {
    const key = JSON.stringify([from, to]);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ from, to });
  };
  explicit.forEach((dependency, i) => {
    if (!isRecord(dependency) || typeof dependency.from !== "string" || typeof dependency.to !== "string")
      throw invalidParams(`dependency ${i} needs string "from" and "to"`);
    add(dependency.from, dependency.to);
  });
  for (const asset of assets) {
    const from = assetIdOf(asset);
    if (from === undefined || !isRecord(asset) || !Array.isArray(asset.dependsOn)) continue;
    for (const to of asset.dependsOn) if (typeof to === "string") add(from, to);
  }
  return out;
}
