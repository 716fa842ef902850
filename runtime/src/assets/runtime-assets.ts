/**
 * The one place the runtime locates files it reads at run time but does not import: its SQL migrations, the
 * template of a new embedded database, the designer's build and the static Storybook. Every path is resolved from this module's own URL, which sits two
 * levels below the runtime package root both as runtime/src/assets/runtime-assets.ts (vitest, tsx) and as
 * runtime/dist/assets/runtime-assets.js (after `tsc`), so the answers are the same from source and from the build.
 *
 * - Migrations (`runtime/migrations`) ship inside the runtime package ("files" in its package.json), so they are
 *   found the same way in the workspace checkout and in an installed package.
 * - The designer build (`designer/dist`) and the Storybook build (`stories/storybook-static`) are other
 *   workspaces' outputs: they are found beside the runtime package in the repository checkout only. An installed
 *   runtime package has no such siblings, so both answer undefined and the runtime serves the API alone.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The runtime package's root folder (the one holding its package.json). */
const RUNTIME_PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** The repository checkout's root, when the runtime runs from one: the runtime package's parent. */
export const REPOSITORY_DIR = join(RUNTIME_PACKAGE_DIR, "..");

/** The drizzle-kit SQL migrations this runtime ships (`NNNN_tag.sql` + `meta/_journal.json`). */
export const MIGRATIONS_FOLDER = join(RUNTIME_PACKAGE_DIR, "migrations");

/**
 * Where `npm run build` puts the new embedded database's data directory (store/pglite-template.ts): the build
 * output, which ships in the package like the code.
 */
export const PGLITE_TEMPLATE_DIR = join(RUNTIME_PACKAGE_DIR, "dist");

/** A built single-page app: the folder, when it holds an index.html. */
function builtSite(dir: string): string | undefined {
  return existsSync(join(dir, "index.html")) ? dir : undefined;
}

/** The designer's build folder (designer/dist), when it has been built. */
export function findDesignerBuild(): string | undefined {
  return builtSite(join(REPOSITORY_DIR, "designer", "dist"));
}

/**
 * The static Storybook build (stories/storybook-static), when `npm run build-storybook` has made it. Asked per
 * request (one stat), so a build made while the runtime runs is served without a restart.
 */
export function findStorybookBuild(): string | undefined {
  return builtSite(join(REPOSITORY_DIR, "stories", "storybook-static"));
}
