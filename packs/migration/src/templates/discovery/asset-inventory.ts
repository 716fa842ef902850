/**
 * The `asset-inventory` handler: turns raw server records from discovery tools into one canonical inventory.
 * Records are normalised (hostnames, IPs, OS and type names), invalid ones rejected with their reasons, and
 * duplicates (same hostname or same IP) merged, keeping for each field the value of the most complete record.
 * Dependencies named in `dependsOn` are resolved to asset ids; the ones naming nothing known are reported.
 */
import type { Handler } from "@mfo/runtime/pack";
import { type Asset, type Dependency, PLATFORMS, recordsParam } from "../../model/asset-inventory-model.js";
import {
  normaliseComplexity,
  normaliseHostname,
  normaliseIp,
  normaliseNumber,
  normaliseOs,
  normaliseType,
  shortName,
} from "../../model/asset-inventory-normalise.js";

/** A normalised record before merging: its id may still be unknown. */
interface AssetDraft {
  id?: string;
  hostname: string;
  type: string;
  platform: string;
  os?: string;
  eol?: boolean;
  ip?: string;
  dependsOn?: string[];
  [field: string]: unknown;
}

export interface InventoryOptions {
  /** Treat "app01" and "app01.corp.local" as one machine (default true). */
  matchShortNames?: boolean;
  /** Type given to a record that names none (default "server"). */
  defaultType?: string;
}

export interface Rejected {
  index: number;
  hostname?: string;
  reasons: string[];
}

export interface Inventory {
  assets: Asset[];
  dependencies: Dependency[];
  unresolved: Dependency[];
  rejected: Rejected[];
  counts: { input: number; valid: number; rejected: number; duplicatesMerged: number; assets: number };
  byPlatform: Record<string, number>;
  byType: Record<string, number>;
}

const ENVIRONMENTS: Record<string, string> = {
  prod: "production",
  prd: "production",
  production: "production",
  dev: "development",
  development: "development",
  test: "test",
  tst: "test",
  qa: "test",
  uat: "staging",
  stage: "staging",
  staging: "staging",
  dr: "disaster-recovery",
};
const NUMBER_FIELDS = ["cpu", "memoryGb", "storageGb", "dataGb"] as const;
const TEXT_FIELDS = ["application", "owner", "location"] as const;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[,;]/) : [];
  return list.map((v) => (typeof v === "string" ? v.trim().toLowerCase() : "")).filter((v) => v !== "");
}

/** One record in canonical form, or the reasons it cannot be one. */
export function normaliseRecord(
  record: Record<string, unknown>,
  options: InventoryOptions = {},
): { asset: AssetDraft } | { reasons: string[] } {
  const reasons: string[] = [];
  const rawHost = record.hostname ?? record.name;
  const hostname = normaliseHostname(rawHost);
  if (hostname === undefined)
    reasons.push(text(rawHost) === undefined ? "missing hostname" : `invalid hostname "${String(rawHost)}"`);
  const ip = normaliseIp(record.ip);
  if (text(record.ip) !== undefined && ip === undefined) reasons.push(`invalid IP address "${String(record.ip)}"`);
  if (hostname === undefined || reasons.length > 0) return { reasons };
  const os = normaliseOs(record.os);
  const givenPlatform = text(record.platform)?.toLowerCase();
  const platform = (PLATFORMS as readonly string[]).includes(givenPlatform ?? "")
    ? (givenPlatform as string)
    : (os?.platform ?? "unknown");
  const asset: Record<string, unknown> = {
    id: text(record.id)?.toLowerCase(),
    hostname,
    type: normaliseType(record.type) ?? options.defaultType ?? "server",
    platform,
    os: os?.os,
    eol: os?.eol,
    ip,
    environment: ((e) => (e === undefined ? undefined : (ENVIRONMENTS[e] ?? e)))(
      text(record.environment)?.toLowerCase(),
    ),
    complexity: normaliseComplexity(record.complexity),
  };
  for (const field of NUMBER_FIELDS) asset[field] = normaliseNumber(record[field]);
  for (const field of TEXT_FIELDS) asset[field] = text(record[field]);
  const dependsOn = names(record.dependsOn);
  if (dependsOn.length > 0) asset.dependsOn = dependsOn;
  const defined = Object.fromEntries(Object.entries(asset).filter(([, v]) => v !== undefined));
  return { asset: defined as AssetDraft };
}

function find(parent: number[], i: number): number {
  let root = i;
  while (parent[root] !== root) root = parent[root] as number;
  for (let node = i; parent[node] !== root; ) {
    const next = parent[node] as number;
    parent[node] = root;
    node = next;
  }
  return root;
}

/** Merges a group of records describing one machine, the most complete record winning each field. */
function mergeGroup(group: Array<AssetDraft>, key: string): Asset {
  const ranked = [...group].sort((a, b) => Object.keys(b).length - Object.keys(a).length);
  const merged: Record<string, unknown> = {};
  for (const record of ranked)
    for (const [field, value] of Object.entries(record)) if (!(field in merged)) merged[field] = value;
  // The fully qualified name says more than the short one; an unknown type or platform says least.
  merged.hostname = group.map((r) => r.hostname).sort((a, b) => b.length - a.length || a.localeCompare(b))[0];
  for (const field of ["type", "platform"] as const) {
    const known = ranked.find((r) => r[field] !== "unknown");
    if (known) merged[field] = known[field];
  }
  const osOf = ranked.find((r) => r.os !== undefined && r.platform === merged.platform) ?? ranked.find((r) => r.os);
  if (osOf) Object.assign(merged, { os: osOf.os, eol: osOf.eol });
  const deps = [...new Set(group.flatMap((r) => r.dependsOn ?? []))].sort();
  if (deps.length > 0) merged.dependsOn = deps;
  merged.id ??= key;
  return merged as Asset;
}

function countBy(assets: readonly Asset[], field: "platform" | "type"): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const asset of assets) counts[asset[field]] = (counts[asset[field]] ?? 0) + 1;
  return counts;
}

/** The canonical, deduplicated inventory of `records` (see the module header). */
export function buildInventory(records: readonly Record<string, unknown>[], options: InventoryOptions = {}): Inventory {
  const short = options.matchShortNames ?? true;
  const valid: Array<AssetDraft> = [];
  const rejected: Rejected[] = [];
  records.forEach((record, index) => {
    const result = normaliseRecord(record, options);
    if ("asset" in result) valid.push(result.asset);
    else {
      const hostname = text(record.hostname ?? record.name);
      rejected.push({ index, ...(hostname === undefined ? {} : { hostname }), reasons: result.reasons });
    }
  });
  const keyOf = (r: { hostname: string }) => (short ? shortName(r.hostname) : r.hostname);
  const parent = valid.map((_, i) => i);
  const firstBy = new Map<string, number>();
  valid.forEach((record, i) => {
    for (const key of [`h:${keyOf(record)}`, ...(record.ip ? [`ip:${record.ip}`] : [])]) {
      const seen = firstBy.get(key);
      if (seen === undefined) firstBy.set(key, i);
      else parent[find(parent, i)] = find(parent, seen);
    }
  });
  const groups = new Map<number, Array<(typeof valid)[number]>>();
  valid.forEach((record, i) => {
    const root = find(parent, i);
    groups.set(root, [...(groups.get(root) ?? []), record]);
  });
  const used = new Set<string>();
  const assets = [...groups.values()].map((group) => {
    const asset = mergeGroup(group, keyOf(group[0] as { hostname: string }));
    let id = asset.id;
    for (let n = 2; used.has(id); n++) id = `${asset.id}-${n}`;
    used.add(id);
    return { ...asset, id };
  });
  const resolve = new Map<string, string>();
  for (const asset of assets)
    for (const alias of [asset.hostname, shortName(asset.hostname), asset.ip, asset.id])
      if (alias !== undefined && !resolve.has(alias)) resolve.set(alias, asset.id);
  const dependencies: Dependency[] = [];
  const unresolved: Dependency[] = [];
  for (const asset of assets) {
    const targets = new Set<string>();
    for (const name of asset.dependsOn ?? []) {
      const to = resolve.get(name) ?? resolve.get(shortName(name));
      if (to === undefined) unresolved.push({ from: asset.id, to: name });
      else if (to !== asset.id) targets.add(to);
    }
    if (targets.size > 0) asset.dependsOn = [...targets].sort();
    else delete asset.dependsOn;
    for (const to of asset.dependsOn ?? []) dependencies.push({ from: asset.id, to });
  }
  assets.sort((a, b) => a.id.localeCompare(b.id));
  dependencies.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return {
    assets,
    dependencies,
    unresolved,
    rejected,
    counts: {
      input: records.length,
      valid: valid.length,
      rejected: rejected.length,
      duplicatesMerged: valid.length - assets.length,
      assets: assets.length,
    },
    byPlatform: countBy(assets, "platform"),
    byType: countBy(assets, "type"),
  };
}

export function createAssetInventoryHandler(): Handler {
  return {
    entry: {
      name: "asset-inventory",
      title: "Asset inventory",
      description:
        "Normalises server records (hostnames, IPs, OS and type names), rejects invalid ones with reasons, merges duplicates by hostname or IP keeping the most complete fields, and resolves dependsOn to asset ids.",
      category: "migration",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["records"],
        properties: {
          records: {
            title: "Records",
            description:
              "Server records with canonical field names (hostname, ip, os, type, dependsOn, ...), e.g. =phases.`field-mapping`.output.records",
            type: "array",
            items: { type: "object" },
          },
          matchShortNames: {
            title: "Match short names",
            description: "Treat app01 and app01.corp.local as the same machine",
            type: "boolean",
            default: true,
          },
          defaultType: {
            title: "Default type",
            description: "Asset type given to records that name none",
            type: "string",
            default: "server",
          },
        },
        additionalProperties: false,
      },
    },
    async run(params) {
      const options: InventoryOptions = {};
      if (typeof params.matchShortNames === "boolean") options.matchShortNames = params.matchShortNames;
      if (typeof params.defaultType === "string") options.defaultType = params.defaultType;
      return buildInventory(recordsParam(params, "records"), options);
    },
  };
}
