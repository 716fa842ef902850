/**
 * What a runtime publishes as it starts (the packs' templates, then MFO_FLOWS_DIR), into the default tenant.
 * A file that fails is reported, not thrown: one broken flow must not keep the others, or the runtime, down.
 * A file equal to its flow type's latest version is reported unchanged without being validated again: that
 * version was validated when it was published, and validating every file on every restart slowed each start.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "../errors.js";
import { DEFAULT_TENANT } from "../http/auth.js";
import type { MergedPacks } from "../packs/merge-packs.js";
import type { FlowRegistry } from "../registry/flow-registry.js";

/** One flow file published at start-up, with what happened to it. */
export interface PublishedFile {
  file: string;
  id?: string;
  version?: number;
  created?: boolean;
  error?: string;
}

async function publishOne(
  registry: FlowRegistry,
  file: string,
  definition: () => Promise<unknown>,
  into: PublishedFile[],
): Promise<void> {
  try {
    const parsed = await definition();
    const unchanged = await registry.unchangedVersion(DEFAULT_TENANT, parsed);
    const result =
      unchanged === undefined
        ? await registry.publish(DEFAULT_TENANT, parsed)
        : { id: (parsed as { id: string }).id, version: unchanged, created: false };
    into.push({ file, ...result });
  } catch (error) {
    const detail =
      error instanceof AppError && error.errors
        ? `: ${error.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`
        : "";
    into.push({ file, error: `${(error as Error).message}${detail}` });
  }
}

/** Publishes the packs' templates in order, each reported as "<pack>/<file>". */
export async function publishTemplates(
  registry: FlowRegistry,
  templates: MergedPacks["templates"],
  into: PublishedFile[],
): Promise<void> {
  for (const { pack, file, definition } of templates)
    await publishOne(registry, `${pack}/${file}`, async () => structuredClone(definition), into);
}

/** Publishes every .json file of `dir`, in name order. */
export async function publishDir(registry: FlowRegistry, dir: string, into: PublishedFile[]): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  for (const name of files) {
    const file = join(dir, name);
    await publishOne(registry, file, async () => JSON.parse(await readFile(file, "utf8")), into);
  }
}
