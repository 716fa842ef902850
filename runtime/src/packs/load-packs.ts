/**
 * Loads packs by module name (MFO_PACKS). The runtime imports them at start-up instead of depending on them:
 * packs depend on the runtime (its pack contract), so a static import would be a cycle, and an installation
 * chooses its packs without editing the runtime.
 */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isPack, type Pack } from "./pack.js";

/** A package name as is; a path (./my-pack.js, /opt/pack/index.js) from the current directory, not this file. */
function specifierOf(name: string): string {
  return name.startsWith(".") || isAbsolute(name) ? pathToFileURL(resolve(name)).href : name;
}

/**
 * Imports each named module (a package name, or a path from the current directory) and returns its pack: its
 * default export, else its `pack` export. A module that cannot be imported or exports no pack is an Error
 * naming it.
 */
export async function loadPacks(names: readonly string[]): Promise<Pack[]> {
  const packs: Pack[] = [];
  for (const name of names) {
    let module: { default?: unknown; pack?: unknown };
    try {
      module = (await import(specifierOf(name))) as typeof module;
    } catch (error) {
      throw new Error(`MFO_PACKS: cannot load the pack "${name}": ${(error as Error).message}`);
    }
    const pack = module.default ?? module.pack;
    if (!isPack(pack))
      throw new Error(
        `MFO_PACKS: "${name}" exports no pack (a default export { name, handlers, validators, templates })`,
      );
    packs.push(pack);
  }
  return packs;
}
