/**
 * Unpacks a gzipped tarball of regular files and folders (what PGlite's dumpDataDir writes: ustar, names may start
 * with "/") into a folder, streaming: a few chunks in memory at a time. PGlite's own loader (its `loadDataDir`
 * option) holds the whole unpacked data directory in memory several times over, ~38 MB each, and the process kept
 * ~47 MB of that heap after it was freed (glibc does not give back a fragmented heap): measured, a fresh store's
 * idle resident set was that much above a reopened one's. Anything else in the tarball (links, devices) is refused.
 */
import { createReadStream } from "node:fs";
import { type FileHandle, mkdir, open } from "node:fs/promises";
import { isAbsolute, join, normalize, sep } from "node:path";
import { createGunzip } from "node:zlib";

const BLOCK = 512;
/** The entry types PGlite's dumps contain: a regular file ("0", or NUL in old tars) and a folder ("5"). */
const FILE_TYPES = new Set(["0", "\0"]);
const DIR_TYPE = "5";

/** A NUL-terminated text field of a header. */
function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString("utf8");
}

/** An octal number field of a header. */
function octal(header: Buffer, start: number, length: number): number {
  const digits = text(header, start, length).trim();
  return digits ? Number.parseInt(digits, 8) : 0;
}

/** The path an entry names, inside `root`; throws for one that would leave it. */
function entryPath(root: string, header: Buffer): string {
  const name = text(header, 0, 100);
  const prefix = text(header, 257, 6).startsWith("ustar") ? text(header, 345, 155) : "";
  const relative = normalize((prefix ? `${prefix}/${name}` : name).replace(/^\/+/, ""));
  if (relative === "." || relative === "") return root;
  if (isAbsolute(relative) || relative === ".." || relative.startsWith(`..${sep}`)) {
    throw new Error(`the tarball names a path outside its folder: ${name}`);
  }
  return join(root, relative);
}

/**
 * Unpacks the gzipped tarball at `tarball` into `root` (created if missing): folders 0700 and files 0600, as
 * PostgreSQL makes them. Rejects on a corrupt or truncated tarball, leaving what was written so far.
 */
export async function unpackTarball(tarball: string, root: string): Promise<void> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  let pending: Buffer = Buffer.alloc(0);
  let file: FileHandle | undefined;
  let remaining = 0;
  let skip = 0;
  let ended = false;
  try {
    for await (const chunk of createReadStream(tarball).pipe(createGunzip()) as AsyncIterable<Buffer>) {
      if (ended) continue;
      let data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (data.length > 0) {
        if (file) {
          const part = data.subarray(0, remaining);
          await file.write(part);
          remaining -= part.length;
          data = data.subarray(part.length);
          if (remaining > 0) break;
          await file.close();
          file = undefined;
          continue;
        }
        if (skip > 0) {
          const skipped = Math.min(skip, data.length);
          skip -= skipped;
          data = data.subarray(skipped);
          continue;
        }
        if (data.length < BLOCK) break;
        const header = data.subarray(0, BLOCK);
        data = data.subarray(BLOCK);
        if (header.every((byte) => byte === 0)) {
          ended = true;
          break;
        }
        const path = entryPath(root, header);
        const type = String.fromCharCode(header[156] ?? 0);
        const size = octal(header, 124, 12);
        if (type === DIR_TYPE) {
          await mkdir(path, { recursive: true, mode: 0o700 });
        } else if (FILE_TYPES.has(type)) {
          await mkdir(join(path, ".."), { recursive: true, mode: 0o700 });
          const handle = await open(path, "w", 0o600);
          if (size > 0) {
            file = handle;
            remaining = size;
          } else await handle.close();
        } else {
          throw new Error(`the tarball holds an entry of type ${JSON.stringify(type)}, not a file or folder`);
        }
        // Each file's data is padded to a whole block.
        skip = (BLOCK - (size % BLOCK)) % BLOCK;
      }
      // A copy, so that the remainder does not keep the whole chunk it came from.
      pending = ended ? Buffer.alloc(0) : Buffer.from(data);
    }
  } finally {
    await file?.close();
  }
  if (!ended || remaining > 0) throw new Error("the tarball is truncated");
}
