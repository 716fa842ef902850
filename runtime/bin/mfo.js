#!/usr/bin/env node
// Entry point of the `mfo` command: runs the compiled CLI and exits with its status.
import { existsSync } from "node:fs";
import { enableCompileCache, registerHooks } from "node:module";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "mfo: the runtime is not built yet; run `npm install` (or `npm run build`) at the repository root\n",
  );
  process.exit(2);
}
// drizzle-orm is loaded from its CommonJS build. Its ESM build is some 300 modules under one 175 KB package.json,
// and Node's ESM loader parses that file's exports again for every one of them: measured, 350 ms and ~160 MB of
// garbage that the process keeps as resident memory (idle RSS 300 MB), against 70 ms and ~25 MB through
// require(). The API is the same either way. (registerHooks exists from Node 22.15; older Nodes load ESM.)
registerHooks?.({
  resolve(specifier, context, nextResolve) {
    if (specifier !== "drizzle-orm" && !specifier.startsWith("drizzle-orm/")) return nextResolve(specifier, context);
    return nextResolve(specifier, { ...context, conditions: ["require", "node", "default"] });
  },
});
// Keeps V8's compiled code of the modules below on disk (Node's compile cache, in the OS temp folder; set
// NODE_DISABLE_COMPILE_CACHE=1 to turn it off), so that a restart does not compile them all again: measured, loading
// the modules took ~400 ms instead of ~520 ms. (enableCompileCache exists from Node 22.1.)
enableCompileCache?.();
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
