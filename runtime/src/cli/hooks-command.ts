/**
 * `mfo hooks list FLOWTYPE`: the flow type's webhooks on a running MFO (GET /api/v1/flow-types/{id}/hooks), one
 * line each: its id, whether it is enabled, how it authenticates and answers, and the URL to give a sender. The
 * secret's value is never shown (the server never answers it).
 */
import type { Hook } from "@mfo/schemas";
import { parseCommandArgs } from "./args.js";
import { connectionOptions, connectionUsage, createCliClient, failureOf, resolveConnection } from "./connection.js";
import { type CliIo, EXIT, UsageError } from "./io.js";

export const hooksUsage = `Usage: mfo hooks list FLOWTYPE [options]

Lists the webhooks of FLOWTYPE: id, enabled or disabled, auth (token or hmac, and the secret's name),
respond mode, and the URL a sender POSTs to (relative to the server).

Options:
  --json      print the list as JSON
${connectionUsage}
  --help      show this help

Exit status: 0 listed; 1 refused by the server (e.g. 404 no such flow type); 2 usage error or a server that
cannot be reached.
`;

/** One line of the list. */
export function describeHook(hook: Hook): string {
  const state = hook.enabled ? "enabled" : "disabled";
  return `${hook.id}  ${state}  ${hook.auth.type}:${hook.auth.secret}  ${hook.respond}  ${hook.url}  ${hook.name}`;
}

/** Runs `mfo hooks`; see hooksUsage. */
export async function hooksCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { ...connectionOptions, json: { type: "boolean" } }, hooksUsage, io);
  if (!parsed) return EXIT.ok;
  const [verb, flowType, ...extra] = parsed.positionals;
  if (verb !== "list") throw new UsageError(verb === undefined ? "say what to do: list" : `unknown action "${verb}"`);
  if (flowType === undefined || extra.length > 0) throw new UsageError("mfo hooks list takes one FLOWTYPE");
  const connection = resolveConnection(parsed.values);
  try {
    const { items } = await createCliClient(connection).listHooks(flowType);
    if (parsed.values.json) io.stdout(`${JSON.stringify(items, null, 2)}\n`);
    else if (items.length === 0) io.stdout(`${flowType} has no webhooks\n`);
    else for (const hook of items) io.stdout(`${describeHook(hook)}\n`);
    return EXIT.ok;
  } catch (error) {
    const failure = failureOf(error, connection);
    if (!failure) throw error;
    io.stderr(`mfo: ${failure.message}\n`);
    return failure.unreachable ? EXIT.usage : EXIT.invalid;
  }
}
