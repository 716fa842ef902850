#!/usr/bin/env node
// Entry point of the `mfo` command: runs the compiled CLI and exits with its status.
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "mfo: the runtime is not built yet; run `npm install` (or `npm run build`) at the repository root\n",
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
