#!/usr/bin/env node
// Derives the TypeScript types from the JSON Schemas, so no type is written twice by hand.
// The three schema documents are merged in memory into one (cross-document $refs rewritten to local ones)
// so that every type is declared exactly once. `node scripts/generate-types.mjs` writes
// src/generated/types.ts; `--check` exits 1 when it is stale.
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "src");
const out = join(src, "generated", "types.ts");
/** Schema file -> the $defs name its root document gets in the merged schema (null: root has no type). */
const documents = {
  "flow.schema.json": "flowDefinition",
  "catalogue.schema.json": "catalogue",
  "api.schema.json": null,
};

function rewriteRefs(value) {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== "object") return value;
  const copy = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "$ref" && typeof v === "string" && !v.startsWith("#")) {
      const [file, pointer] = v.split("#");
      if (!(file in documents)) throw new Error(`unknown $ref target ${v}`);
      copy[key] = pointer ? `#${pointer}` : `#/$defs/${documents[file]}`;
    } else copy[key] = rewriteRefs(v);
  }
  return copy;
}

export async function generate() {
  const $defs = {};
  for (const [file, rootName] of Object.entries(documents)) {
    const { $defs: defs = {}, $schema, $id, ...root } = JSON.parse(await readFile(join(src, "contract", file), "utf8"));
    const entries = Object.entries(defs);
    if (rootName) entries.push([rootName, root]);
    for (const [name, def] of entries) {
      if (name in $defs) throw new Error(`$defs name ${name} is declared by two schema documents`);
      $defs[name] = rewriteRefs(def);
    }
  }
  // The root lists every definition by name, so the generator itself writes MfoSchemas: each $defs name mapped
  // to its type. Typed code (the route table's bodies) looks types up by the names the schemas use.
  const names = Object.keys($defs);
  const root = {
    $defs,
    type: "object",
    properties: Object.fromEntries(names.map((name) => [name, { $ref: `#/$defs/${name}` }])),
    required: names,
    additionalProperties: false,
  };
  const ts = await compile(root, "MfoSchemas", {
    additionalProperties: false,
    bannerComment: "",
    unreachableDefinitions: true,
    strictIndexSignatures: true,
    format: true,
    style: { printWidth: 120, singleQuote: false },
  });
  const body = ts.replace(
    "export interface MfoSchemas {",
    '/** Every definition of the schemas by its $defs name (e.g. MfoSchemas["instance"] is Instance). */\nexport interface MfoSchemas {',
  );
  return `// Generated from src/contract/*.schema.json by scripts/generate-types.mjs. Do not edit: change a schema and\n// run \`npm run generate -w schemas\`.\n\n${body}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await generate();
  const current = await readFile(out, "utf8").catch(() => "");
  if (current !== text && process.argv.includes("--check")) {
    console.error("stale: src/generated/types.ts (run npm run generate -w schemas)");
    process.exit(1);
  }
  if (current !== text) await writeFile(out, text);
  console.log(current === text ? "src/generated/types.ts is up to date" : "wrote src/generated/types.ts");
}
