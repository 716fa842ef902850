/**
 * The argument handling every `mfo` command shares: its options plus --help/-h, a parse error turned into a
 * usage error (exit 2 with the command's usage), and the usage printed when help is asked for.
 */
import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { type CliIo, UsageError } from "./io.js";

const HELP = { help: { type: "boolean", short: "h" } } as const;

/**
 * Parses a command's arguments; undefined when --help was given (the usage is then printed). Positional
 * arguments are allowed unless `positionals` is false.
 */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(
  argv: readonly string[],
  options: O,
  usage: string,
  io: CliIo,
  { positionals = true }: { positionals?: boolean } = {},
) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof HELP; allowPositionals: true }>>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, ...HELP },
      allowPositionals: positionals as true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(usage);
    return undefined;
  }
  return parsed;
}
