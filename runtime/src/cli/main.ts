/**
 * The `mfo` command line. Each command is a function of its arguments and an IO object that returns the exit
 * status, so tests run it in-process; only bin/mfo.js touches `process`.
 */

import { eventsCommand, eventsUsage } from "./events-command.js";
import { hooksCommand, hooksUsage } from "./hooks-command.js";
import { type CliIo, EXIT, processIo, UsageError } from "./io.js";
import { migrateCommand, migrateUsage } from "./migrate-command.js";
import { publishCommand, publishUsage } from "./publish-command.js";
import { runCommand, runUsage } from "./run-command.js";
import { schedulesCommand, schedulesUsage } from "./schedules-command.js";
import { serveCommand, serveUsage } from "./serve-command.js";
import { validateCommand, validateUsage } from "./validate-command.js";

const usage = `Usage: mfo <command> [options]

Commands:
  validate FILE...   check flow definition files (mfo validate --help)
  migrate            apply the database migrations (mfo migrate --help)
  serve              run the runtime: API, worker and docs (mfo serve --help)
  publish FILE...    publish flow definitions to a running server (mfo publish --help)
  run FLOWTYPE       start a flow instance, and with --wait follow it (mfo run --help)
  schedules ...      list, add, pause, resume or delete a flow type's schedules (mfo schedules --help)
  hooks list FLOWTYPE  list a flow type's webhooks (mfo hooks --help)
  events send NAME KEY  send a correlated event to the instances waiting for it (mfo events --help)

Options:
  --help             show this help
  --version          print the version
`;

const commands: Record<string, { run: (argv: readonly string[], io: CliIo) => Promise<number>; usage: string }> = {
  validate: { run: validateCommand, usage: validateUsage },
  migrate: { run: migrateCommand, usage: migrateUsage },
  serve: { run: serveCommand, usage: serveUsage },
  publish: { run: publishCommand, usage: publishUsage },
  run: { run: runCommand, usage: runUsage },
  schedules: { run: schedulesCommand, usage: schedulesUsage },
  hooks: { run: hooksCommand, usage: hooksUsage },
  events: { run: eventsCommand, usage: eventsUsage },
};

export const VERSION = "0.1.0";

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" && rest[0] !== undefined ? commands[rest[0]] : undefined;
    io.stdout(topic?.usage ?? usage);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`mfo ${VERSION}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    io.stderr(`mfo: unknown command "${name}"\n\n${usage}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`mfo: ${error.message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    // Not a stack trace: one line, and a status that says something went wrong.
    io.stderr(`mfo: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
}
