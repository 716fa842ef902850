/**
 * What the embedded PGlite is started with, chosen for memory: it is one process's private database, so it has no
 * use for a server's buffer pool, and its WebAssembly must not make the runtime's resident set jump by half a
 * gigabyte a few seconds after start. Measured on PGlite 0.5.16, Node 24, `mfo serve` on a fresh data dir, idle:
 * 444 MB resident (peak 958 MB) with PGlite's defaults; 324 MB with the smaller buffer pool alone; ~225 MB (peak
 * ~300 MB) with both settings below. Durability is untouched: no setting here changes what a commit writes.
 */
import { setFlagsFromString } from "node:v8";
import { PGlite } from "@electric-sql/pglite";

/**
 * PostgreSQL's buffer pool, in the WebAssembly memory. initdb writes 128 MB into postgresql.conf and PGlite's
 * memory allocator zeroes the whole pool at start, so all of it was resident from the first second (~120 MB).
 * The data files are read through the operating system's page cache anyway, so a miss here costs a read
 * call, not a disk access; 16 MB (2048 pages) holds the hot pages of the instance table and its indexes, and the
 * measured cost per transaction did not change (1.6 ms of CPU either way). wal_buffers follows it (1/32).
 */
const SHARED_BUFFERS = "16MB";

/** PGlite's own start parameters plus ours; `-c` settings on the command line win over postgresql.conf. */
export function pgliteStartParams(): string[] {
  return [...PGlite.defaultStartParams, "-c", `shared_buffers=${SHARED_BUFFERS}`];
}

/**
 * Keeps V8 from recompiling PGlite's WebAssembly with its optimizing compiler (TurboFan); functions run as
 * compiled by the baseline compiler (Liftoff). The reason is one function of PostgreSQL (104 KB of WebAssembly,
 * by its size the SQL grammar's parser): once it is hot, a few seconds after start, TurboFan spends 6-12 s of a
 * core and 604 MB of compiler memory on it, which is the 958 MB peak, and glibc keeps ~70 MB of that memory in
 * its thread arenas for good. Measured over 3000 PGlite transactions (insert, update, select) after warm-up:
 * 1.4-2.0 ms of CPU each with TurboFan, 1.5-1.6 ms without, i.e. within the noise of this machine; the first
 * seconds are faster without, because no core is busy compiling.
 *
 * V8 has no switch per module, and `--liftoff-only` set at run time is not read by this V8; the tier-up filter
 * is ("tier up only the function with this index"), and no module has a function at this index. It is
 * process-wide, so it is set only when the runtime opens PGlite, never on PostgreSQL; the other WebAssembly in
 * the process (undici's HTTP parser, for fetch) is small and stays on the baseline compiler too.
 */
export function keepPgliteOnBaselineCompiler(): void {
  setFlagsFromString("--wasm-tier-up-filter=2147483647");
}
