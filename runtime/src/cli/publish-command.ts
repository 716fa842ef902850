/**
 * `mfo publish FILE...`: publishes flow definitions to a running MFO (POST /api/v1/flow-types), so an architect
 * can go from `mfo validate` to a runnable flow type without curl. The server checks each definition with the
 * same rules as `mfo validate` and its errors are printed the same way. Exit 0 when every file was published
 * (or was already the latest version), 1 when the server refused any, 2 on a usage error, a file that cannot
 * be read or is not JSON, or a server that cannot be reached.
 */
import type { FlowService } from "@mfo/client";
import type { FlowDefinition } from "@mfo/schemas";
import { parseCommandArgs } from "./args.js";
import {
  type Connection,
  connectionOptions,
  connectionUsage,
  createCliClient,
  failureOf,
  resolveConnection,
} from "./connection.js";
import { type CliIo, EXIT, UsageError } from "./io.js";
import { readJsonFile } from "./read-json-file.js";
import { formatError } from "./validate-command.js";

export const publishUsage = `Usage: mfo publish FILE... [--url URL] [--key KEY]

Publishes flow definition files to a running MFO server as the next version of their flow type.
Prints "FILE: published <id> v<version>", "FILE: unchanged, <id> v<version>" when the definition is already
the latest version, or one line per error: FILE: /json/pointer (node <id>): message

Options:
${connectionUsage}
  --help      show this help

Exit status: 0 all published, 1 any refused by the server, 2 usage error, a file that cannot be read or is
not JSON, or a server that cannot be reached.
`;

/** What happened to one file; `stop` when no later file can fare better (bad key, server gone). */
type Outcome = { exit: number; stop?: boolean };

async function publishOne(file: string, client: FlowService, connection: Connection, io: CliIo): Promise<Outcome> {
  let definition: unknown;
  try {
    definition = await readJsonFile(file, io);
  } catch (error) {
    io.stderr(`mfo: ${file}: ${(error as Error).message}\n`);
    return { exit: EXIT.usage };
  }
  try {
    // The server checks the definition; the CLI sends whatever the file holds.
    const { status, body } = await client.request("post /flow-types", { body: definition as FlowDefinition });
    io.stdout(
      status === 201
        ? `${file}: published ${body.id} v${body.version}\n`
        : `${file}: unchanged, ${body.id} v${body.version}\n`,
    );
    return { exit: EXIT.ok };
  } catch (error) {
    const failure = failureOf(error, connection);
    if (!failure) throw error;
    if (failure.unreachable) {
      io.stderr(`mfo: ${failure.message}\n`);
      return { exit: EXIT.usage, stop: true };
    }
    const { status, errors } = failure.error;
    if (status === 422 && errors.length > 0) {
      for (const e of errors) io.stdout(`${formatError(file, e)}\n`);
      return { exit: EXIT.invalid };
    }
    // A wrong key or a missing role fails every file alike: say it once, not once per file.
    if (status === 401 || status === 403) {
      io.stderr(`mfo: ${failure.message}\n`);
      return { exit: EXIT.invalid, stop: true };
    }
    io.stderr(`mfo: ${file}: ${failure.message}\n`);
    return { exit: EXIT.invalid };
  }
}

/** Runs `mfo publish`; see publishUsage. */
export async function publishCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, connectionOptions, publishUsage, io);
  if (!parsed) return EXIT.ok;
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError("mfo publish needs at least one FILE");
  const connection = resolveConnection(parsed.values);
  const client = createCliClient(connection);

  let exit: number = EXIT.ok;
  for (const file of files) {
    const outcome = await publishOne(file, client, connection, io);
    // A usage-class failure (unreadable file, no server) outranks a refused definition.
    if (outcome.exit === EXIT.usage || (outcome.exit === EXIT.invalid && exit === EXIT.ok)) exit = outcome.exit;
    if (outcome.stop) break;
  }
  return exit;
}
