/** Reading a JSON file for the CLI: the same limits and one-line messages for every command that reads one. */
import type { CliIo } from "./io.js";

/** Files larger than this are refused rather than read into memory (the server takes 1 MiB by default). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads and parses one JSON file (a byte-order mark is allowed); a thrown message is the one line the user
 * sees, e.g. "cannot read: no such file" or "not valid JSON: ...".
 */
export async function readJsonFile(file: string, io: CliIo): Promise<unknown> {
  let text: string;
  try {
    const size = await io.fileSize(file);
    if (size > MAX_FILE_BYTES) throw new Error(`is ${Math.round(size / 1048576)} MiB; the limit is 64 MiB`);
    text = await io.readFile(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    throw new Error(`cannot read: ${reason}`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`);
  }
}
