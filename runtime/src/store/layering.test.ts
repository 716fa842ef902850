/**
 * The layering rule (biome.runtime-imports.jsonc, which biome.json extends): runtime/src/http and
 * runtime/src/engine reach the database only through the repositories in runtime/src/store, and an instance's
 * state only through the run aggregate (engine/run/instance-run.ts); the runtime imports no pack. The repo's own Biome
 * lints small files placed under those folders beside a copy of the repo's configuration (in a temporary folder,
 * so that no fixture ever lands in the source tree).
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIOME = join(ROOT, "node_modules", ".bin", "biome");
const RULE = "lint/style/noRestrictedImports";

/** What each fixture imports; each is linted once under every folder below. */
const IMPORTS = {
  drizzle: 'import { eq } from "drizzle-orm";\nexport const x = eq;\n',
  drizzleSubpath: 'import { PgDialect } from "drizzle-orm/pg-core";\nexport const x = PgDialect;\n',
  schema: 'import { tenants } from "../store/schema.js";\nexport const x = tenants;\n',
  schemaDeeper: 'import type { Role } from "../../store/schema.js";\nexport type X = Role;\n',
  pg: 'import pg from "pg";\nexport const x = pg;\n',
  pglite: 'import { PGlite } from "@electric-sql/pglite";\nexport const x = PGlite;\n',
  designer: 'import * as designer from "@mfo/designer";\nexport const x = designer;\n',
  repository: 'import { listTenants } from "../store/tenant-repository.js";\nexport const x = listTenants;\n',
  pack: 'import { migrationPack } from "@mfo/pack-migration";\nexport const x = migrationPack;\n',
  runInternals: 'import { RunState } from "../engine/run/run-state.js";\nexport const x = RunState;\n',
  aggregate: 'import { InstanceRun } from "../engine/run/instance-run.js";\nexport const x = InstanceRun;\n',
  runOwn: 'import { RunState } from "./run-state.js";\nexport const x = RunState;\n',
} as const;
type Fixture = keyof typeof IMPORTS;

const FOLDERS = [
  "runtime/src/http",
  "runtime/src/http/routes",
  "runtime/src/engine",
  "runtime/src/engine/run",
  "runtime/src/metrics",
  "runtime/src/store",
] as const;

let dir: string;
/** Rule violations Biome reported, as "<folder>/<fixture>". */
const flagged = new Set<string>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mfo-layering-"));
  for (const file of ["biome.json", "biome.runtime-imports.jsonc"]) await copyFile(join(ROOT, file), join(dir, file));
  for (const folder of FOLDERS) {
    for (const [name, source] of Object.entries(IMPORTS)) {
      const file = join(dir, folder, `layering-${name}.ts`);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, source);
    }
  }
  // The temporary folder is no git checkout: the configuration's VCS setting is switched off for this run.
  const { stdout } = await promisify(execFile)(
    BIOME,
    ["lint", "--vcs-enabled=false", "--reporter=json", "--max-diagnostics=none", "."],
    {
      cwd: dir,
    },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  const report = JSON.parse(stdout) as { diagnostics: { category?: string; location?: { path?: string } }[] };
  for (const d of report.diagnostics) {
    const match = d.location?.path?.match(/^(.*)\/layering-(\w+)\.ts$/);
    if (d.category === RULE && match) flagged.add(`${match[1]}/${match[2]}`);
  }
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const forbidden: Fixture[] = ["drizzle", "drizzleSubpath", "schema", "schemaDeeper", "pg", "pglite"];

describe("layering lint rule (biome.runtime-imports.jsonc)", () => {
  it.each([
    "runtime/src/http",
    "runtime/src/http/routes",
    "runtime/src/engine",
    "runtime/src/engine/run",
    "runtime/src/metrics",
  ])("fails a database import in %s, and passes a repository import there", (folder) => {
    for (const fixture of forbidden) expect(flagged, `${folder}: ${fixture}`).toContain(`${folder}/${fixture}`);
    expect(flagged).not.toContain(`${folder}/repository`);
  });

  it("lets the repositories in runtime/src/store use the database", () => {
    for (const fixture of forbidden) expect(flagged).not.toContain(`runtime/src/store/${fixture}`);
  });

  it("keeps the runtime's bans on importing the designer or a pack, inside and outside the layered folders", () => {
    for (const folder of FOLDERS) {
      expect(flagged).toContain(`${folder}/designer`);
      expect(flagged).toContain(`${folder}/pack`);
    }
  });

  it.each(["runtime/src/http", "runtime/src/http/routes", "runtime/src/engine"])(
    "fails an import of the run aggregate's internals in %s, and passes one of InstanceRun",
    (folder) => {
      expect(flagged).toContain(`${folder}/runInternals`);
      expect(flagged).not.toContain(`${folder}/aggregate`);
    },
  );

  it("lets the aggregate's own files in engine/run import each other", () => {
    expect(flagged).not.toContain("runtime/src/engine/run/runOwn");
  });
});
