/**
 * `mfo validate FILE... [--json]`: validates flow definitions with the runtime's catalogue.
 * Exit 0 when every file is valid, 1 when any is invalid, 2 on a usage error or a file that cannot be read or
 * is not JSON (reported in one line, never a stack trace).
 */
import { type ValidationError, validateFlow } from "@mfo/schemas";
import { runtimeCatalogue } from "../catalogue/runtime-catalogue.js";
import { loadPacks } from "../packs/load-packs.js";
import { packNamesOf } from "../server/config.js";
import { parseCommandArgs } from "./args.js";
import { type CliIo, EXIT, UsageError } from "./io.js";
import { readJsonFile } from "./read-json-file.js";

export const validateUsage = `Usage: mfo validate FILE... [--json]

Validates flow definition files against the flow schema and graph rules.
Prints "FILE: ok" or one line per error: FILE: /json/pointer (node <id>): message

Options:
  --json   print one JSON array [{ file, valid, errors }] instead
  --help   show this help

Exit status: 0 all valid, 1 any invalid, 2 usage error or a file that cannot be read or is not JSON.
`;

export interface FileResult {
  file: string;
  valid: boolean;
  errors: ValidationError[];
}

export function formatError(file: string, error: ValidationError): string {
  const where = [error.nodeId && `node ${error.nodeId}`, error.edgeId && `edge ${error.edgeId}`].filter(Boolean);
  const path = error.path === "" ? "(document)" : error.path;
  return `${file}: ${path}${where.length ? ` (${where.join(", ")})` : ""}: ${error.message}`;
}

export async function validateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { json: { type: "boolean" } }, validateUsage, io);
  if (!parsed) return EXIT.ok;
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError("mfo validate needs at least one FILE");

  // The packs MFO_PACKS names, as `mfo serve` loads them: a flow valid here publishes there.
  const catalogue = runtimeCatalogue(await loadPacks(packNamesOf(process.env)));
  const results: FileResult[] = [];
  let unreadable = false;
  for (const file of files) {
    try {
      const definition = await readJsonFile(file, io);
      results.push({ file, ...validateFlow(definition, catalogue) });
    } catch (error) {
      unreadable = true;
      const message = (error as Error).message;
      io.stderr(`mfo: ${file}: ${message}\n`);
      results.push({ file, valid: false, errors: [{ path: "", code: "unreadable", message }] });
    }
  }

  if (parsed.values.json) {
    io.stdout(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const result of results) {
      if (result.valid) io.stdout(`${result.file}: ok\n`);
      else if (result.errors[0]?.code !== "unreadable") {
        for (const error of result.errors) io.stdout(`${formatError(result.file, error)}\n`);
      }
    }
  }
  if (unreadable) return EXIT.usage;
  return results.every((r) => r.valid) ? EXIT.ok : EXIT.invalid;
}
