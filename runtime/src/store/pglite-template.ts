/**
 * A new embedded database made once, at build time, instead of at every first start: PGlite creates a database by
 * running PostgreSQL's initdb in WebAssembly, which took 3.5 s on an idle 2-core machine and 8-11 s on a busy
 * one, while unpacking the same data directory from a tarball took less than half that. `npm run build` writes
 * the tarball (write-pglite-template.ts); openDatabase unpacks it into an empty data dir. The file is named after
 * the PGlite version that made it, so a runtime whose PGlite differs never loads a foreign data directory: without
 * a matching file it runs initdb as before.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rename, rm, rmdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PGLITE_TEMPLATE_DIR } from "../assets/runtime-assets.js";
import { unpackTarball } from "./unpack-tarball.js";

let version: Promise<string> | undefined;

/** The version of the PGlite this runtime loads (its package.json, found from its entry). */
function pgliteVersion(): Promise<string> {
  version ??= (async () => {
    const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    const manifest = JSON.parse(await readFile(join(dirname(entry), "..", "package.json"), "utf8"));
    return String(manifest.version);
  })();
  return version;
}

/** Where the template of this runtime's PGlite version is (or would be). */
export async function pgliteTemplatePath(): Promise<string> {
  return join(PGLITE_TEMPLATE_DIR, `pglite-template-${await pgliteVersion()}.tar.gz`);
}

/** The template for this runtime's PGlite, or undefined when the build made none for it. */
export async function readPgliteTemplate(): Promise<Blob | undefined> {
  const path = await pgliteTemplatePath().catch(() => undefined);
  if (!path || !existsSync(path)) return undefined;
  return new Blob([await readFile(path)]);
}

/**
 * Unpacks the template for this runtime's PGlite into `dir` when the build made one and `dir` is missing or
 * empty; resolves to whether it did. The files go to a folder beside `dir`, renamed into place once all are
 * written: a start killed halfway leaves no half a database for the next start to open, only that folder,
 * which the next start removes.
 */
export async function unpackPgliteTemplate(dir: string): Promise<boolean> {
  const path = await pgliteTemplatePath().catch(() => undefined);
  if (!path || !existsSync(path)) return false;
  if ((await readdir(dir).catch(() => [])).length > 0) return false;
  const staging = `${dir}.unpacking`;
  await rm(staging, { recursive: true, force: true });
  await unpackTarball(path, staging);
  await rmdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(staging, dir);
  return true;
}
