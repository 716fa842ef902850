/**
 * Writes the template of a new embedded database (pglite-template.ts): a database made in memory by PGlite's
 * initdb, dumped as a gzipped tarball. Run by `npm run build` (scripts/pglite-template.mjs), never by the runtime.
 * Migrations stay out of it: every store, new or old, gets them the same way (runMigrations, `mfo migrate`).
 */
import { rename, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { pgliteTemplatePath } from "./pglite-template.js";

/** Makes the template and writes it where readPgliteTemplate looks; resolves to the file's path. */
export async function writePgliteTemplate(): Promise<string> {
  const path = await pgliteTemplatePath();
  const client = await PGlite.create("memory://");
  try {
    const tarball = await client.dumpDataDir("gzip");
    // Written aside, then renamed: a build stopped halfway leaves no truncated template behind.
    await writeFile(`${path}.partial`, Buffer.from(await tarball.arrayBuffer()));
    await rename(`${path}.partial`, path);
    return path;
  } finally {
    await client.close();
  }
}
