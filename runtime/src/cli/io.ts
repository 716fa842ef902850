/** What a CLI command touches outside itself, so tests can run commands in-process. */
import { readFile, stat } from "node:fs/promises";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  fileSize(path: string): Promise<number>;
  /** All of standard input as text (a value piped in, e.g. `--payload -`); absent: the command cannot read one. */
  readStdin?(): Promise<string>;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, "utf8"),
  fileSize: async (path) => (await stat(path)).size,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
};

/** A usage mistake: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
