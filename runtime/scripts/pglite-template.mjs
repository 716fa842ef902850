// Part of `npm run build` (after tsc): writes the template of a new embedded PGlite database into dist/, which
// a runtime's first start on an empty data dir unpacks instead of running initdb (src/store/pglite-template.ts).
import { writePgliteTemplate } from "../dist/store/write-pglite-template.js";

const started = performance.now();
const path = await writePgliteTemplate();
process.stdout.write(`wrote ${path} in ${Math.round(performance.now() - started)} ms\n`);
