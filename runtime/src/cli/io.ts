/** What a CLI command touches outside itself, so tests can run commands in-process. */
import { readFile, stat } from "node:fs/promises";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  fileSize(path: string): Promise<number>;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, "utf8"),
  fileSize: async (path) => (await stat(path)).size,
};

/** A usage mistake: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
