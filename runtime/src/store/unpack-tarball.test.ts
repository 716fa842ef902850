/** unpackTarball: what the embedded database's template is unpacked with, streaming, into a folder. */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { unpackTarball } from "./unpack-tarball.js";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mfo-untar-"));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** One ustar entry as PGlite's dumps write it: a header block, then the data padded to whole blocks. */
function entry(name: string, type: "0" | "5", data = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write("0000644\0", 100);
  header.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
  header.write(type, 156);
  header.write("ustar\0" + "00", 257);
  return Buffer.concat([header, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

async function tarball(entries: Buffer[], { end = true } = {}): Promise<string> {
  const path = join(await tempDir(), "t.tar.gz");
  await writeFile(path, gzipSync(Buffer.concat([...entries, ...(end ? [Buffer.alloc(1024)] : [])])));
  return path;
}

describe("unpackTarball", () => {
  it("writes every folder and file with its exact bytes, across blocks and gzip chunks", async () => {
    const big = Buffer.alloc(300_000, 0);
    for (let i = 0; i < big.length; i += 997) big[i] = i % 251;
    const path = await tarball([
      entry("/base", "5"),
      entry("/base/1", "5"),
      entry("/base/1/1259", "0", big),
      entry("/PG_VERSION", "0", Buffer.from("17\n")),
      entry("/global/pg_control", "0", Buffer.from("x".repeat(513))),
      entry("/empty", "0"),
    ]);
    const root = join(await tempDir(), "pglite");
    await unpackTarball(path, root);
    expect((await readdir(root)).sort()).toEqual(["PG_VERSION", "base", "empty", "global"]);
    expect((await readFile(join(root, "base/1/1259"))).equals(big)).toBe(true);
    expect(await readFile(join(root, "PG_VERSION"), "utf8")).toBe("17\n");
    expect(await readFile(join(root, "global/pg_control"), "utf8")).toBe("x".repeat(513));
    expect((await readFile(join(root, "empty"))).length).toBe(0);
  });

  it("refuses an entry that would land outside the folder", async () => {
    const path = await tarball([entry("../escaped", "0", Buffer.from("no"))]);
    const root = join(await tempDir(), "pglite");
    await expect(unpackTarball(path, root)).rejects.toThrow("outside its folder");
    expect(await readdir(join(root, ".."))).not.toContain("escaped");
  });

  it("refuses a tarball cut short, and an entry that is neither a file nor a folder", async () => {
    const cut = await tarball([entry("/PG_VERSION", "0", Buffer.from("17\n"))], { end: false });
    await expect(unpackTarball(cut, join(await tempDir(), "a"))).rejects.toThrow("truncated");
    const link = await tarball([entry("/link", "2" as "0")]);
    await expect(unpackTarball(link, join(await tempDir(), "b"))).rejects.toThrow("not a file or folder");
  });
});
