/**
 * A secret generated at first start and kept in the data dir (mode 0600), so an embedded runtime keeps its admin
 * key and its encryption key across restarts without anyone configuring them.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The text kept in `<dataDir>/<name>`, else `generate()` written there first. */
export async function keptSecret(dataDir: string, name: string, generate: () => string): Promise<string> {
  const file = join(dataDir, name);
  const kept = await readFile(file, "utf8").catch(() => "");
  if (kept.trim()) return kept.trim();
  const secret = generate();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
