/**
 * The `migrate-wave` handler: a simulated, deterministic migration of a set of assets (one lane of a wave).
 * Nothing leaves the process; what happens is decided by each asset's `simulate` mark, so a template can show
 * retries and rollbacks: "fail-once" fails the first attempt only (a retry succeeds), "fail" fails every
 * attempt, "unhealthy" migrates but fails its post-migration health check.
 */
import { type Handler, HandlerError } from "@mfo/runtime/pack";
import { recordsParam } from "../../model/asset-inventory-model.js";

export interface MigrationResult {
  id: string;
  hostname: string;
  status: "migrated";
  targetId: string;
  healthy: boolean;
}

export interface LaneMigration {
  wave: number;
  lane: number;
  attempt: number;
  target: string;
  results: MigrationResult[];
  migrated: number;
  unhealthy: string[];
}

/** Migrates `assets` on `attempt` (1 = first); throws a retryable HandlerError for a simulated failure. */
export function migrateAssets(
  assets: readonly Record<string, unknown>[],
  options: { wave: number; lane: number; attempt: number; target: string },
): LaneMigration {
  const idOf = (a: Record<string, unknown>, i: number) => (typeof a.id === "string" ? a.id : `asset-${i}`);
  const failing = assets
    .map((a, i) => ({ id: idOf(a, i), simulate: a.simulate }))
    .filter(({ simulate }) => simulate === "fail" || (simulate === "fail-once" && options.attempt === 1));
  if (failing.length > 0)
    throw new HandlerError(
      `migration of ${failing.map((f) => f.id).join(", ")} failed on attempt ${options.attempt}`,
      "migration-failed",
    );
  const results = assets.map((asset, i) => {
    const id = idOf(asset, i);
    return {
      id,
      hostname: typeof asset.hostname === "string" ? asset.hostname : id,
      status: "migrated" as const,
      targetId: `${options.target}/${id}`,
      healthy: asset.simulate !== "unhealthy",
    };
  });
  return {
    ...options,
    results,
    migrated: results.length,
    unhealthy: results.filter((r) => !r.healthy).map((r) => r.id),
  };
}

export function createMigrateWaveHandler(): Handler {
  return {
    entry: {
      name: "migrate-wave",
      title: "Migrate wave (simulated)",
      description:
        'Simulates migrating a lane of a wave\'s assets to the target, deterministically: an asset marked simulate "fail-once" fails the first attempt, "fail" every attempt, "unhealthy" fails its health check.',
      category: "migration",
      pure: true,
      paramsSchema: {
        type: "object",
        required: ["assets"],
        properties: {
          assets: {
            title: "Assets",
            description:
              "Assets { id, hostname, simulate? } to migrate, e.g. =phases.`lane-planning`.output.lanes[0].assets",
            type: "array",
            items: { type: "object" },
          },
          wave: { title: "Wave", description: "Wave number, for the record", type: "integer", minimum: 1, default: 1 },
          lane: { title: "Lane", description: "Lane number within the wave", type: "integer", minimum: 1, default: 1 },
          target: {
            title: "Target",
            description: "Target platform the assets move to",
            type: "string",
            minLength: 1,
            default: "cloud",
          },
        },
        additionalProperties: false,
      },
    },
    async run(params, ctx) {
      return migrateAssets(recordsParam(params, "assets", false), {
        wave: typeof params.wave === "number" ? params.wave : 1,
        lane: typeof params.lane === "number" ? params.lane : 1,
        attempt: ctx.attempt,
        target: typeof params.target === "string" ? params.target : "cloud",
      });
    },
  };
}
