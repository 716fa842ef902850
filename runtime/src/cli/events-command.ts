/**
 * `mfo events send NAME KEY`: sends a correlated event to a running MFO (POST /api/v1/events) and says which
 * waiting instances it woke, or that it was kept for the first wait that matches.
 */
import type { EventDelivery, SendEventRequest } from "@mfo/schemas";
import { parseCommandArgs } from "./args.js";
import { connectionOptions, connectionUsage, createCliClient, failureOf, resolveConnection } from "./connection.js";
import { type CliIo, EXIT, UsageError } from "./io.js";

export const eventsUsage = `Usage: mfo events send NAME KEY [--payload JSON | --payload -] [--ttl SECONDS] [options]

Sends the correlated event NAME with the correlation key KEY: every instance of your tenant waiting at a wait
node for that name and key wakes, once, with the payload as the wait node's output. When none waits yet, the
event is kept for --ttl seconds for the first one that does.

Options:
  --payload JSON    the event's payload, any JSON (default null); "-" reads it from standard input
  --ttl SECONDS     how long to keep the event when nobody waits for it yet (default 3600; 0: do not keep it)
  --json            print the server's answer as JSON
${connectionUsage}
  --help            show this help

Exit status: 0 sent (whether it woke instances or was kept); 1 refused by the server; 2 usage error, or a
server that cannot be reached.
`;

const eventsOptions = {
  payload: { type: "string" },
  ttl: { type: "string" },
  json: { type: "boolean" },
  ...connectionOptions,
} as const;

/** The payload from --payload: JSON given, or read from standard input with "-". */
async function payloadOf(given: string | undefined, io: CliIo): Promise<unknown> {
  if (given === undefined) return undefined;
  let text = given;
  if (given === "-") {
    if (!io.readStdin) throw new UsageError("--payload - needs standard input");
    text = await io.readStdin();
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--payload is not valid JSON: ${(error as Error).message}`);
  }
}

/** The one line a delivery prints. */
function describe(delivery: EventDelivery): string {
  if (delivery.woke.length > 0) {
    const woken = delivery.woke.map((w) => `${w.instanceId} (${w.nodeId})`).join(", ");
    return `woke ${delivery.woke.length} instance${delivery.woke.length === 1 ? "" : "s"}: ${woken}\n`;
  }
  if (delivery.buffered) return `nobody waits yet; kept until ${delivery.expiresAt} for the first wait that matches\n`;
  return "nobody waits; the event was not kept (--ttl 0)\n";
}

/** Runs `mfo events`; see eventsUsage. */
export async function eventsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, eventsOptions, eventsUsage, io);
  if (!parsed) return EXIT.ok;
  const { values, positionals } = parsed;
  const [sub, name, key, ...extra] = positionals;
  if (sub !== "send")
    throw new UsageError(sub === undefined ? "mfo events needs a subcommand: send" : `unknown subcommand "${sub}"`);
  if (name === undefined || key === undefined) throw new UsageError("mfo events send needs a NAME and a KEY");
  if (extra.length > 0) throw new UsageError(`mfo events send takes a NAME and a KEY, not also "${extra.join(" ")}"`);
  const body: SendEventRequest = { name, key };
  const payload = await payloadOf(values.payload, io);
  if (payload !== undefined) body.payload = payload as SendEventRequest["payload"];
  if (values.ttl !== undefined) {
    if (!/^[0-9]{1,9}$/.test(values.ttl))
      throw new UsageError(`--ttl must be a whole number of seconds, not "${values.ttl}"`);
    body.ttlSeconds = Number(values.ttl);
  }
  const connection = resolveConnection(values);
  let delivery: EventDelivery;
  try {
    delivery = await createCliClient(connection).sendEvent(body);
  } catch (error) {
    const failure = failureOf(error, connection);
    if (!failure) throw error;
    if (failure.unreachable) {
      io.stderr(`mfo: ${failure.message}\n`);
      return EXIT.usage;
    }
    const { errors } = failure.error;
    if (errors.length > 0)
      for (const e of errors) io.stderr(`mfo: ${e.path === "" ? "(body)" : e.path}: ${e.message}\n`);
    else io.stderr(`mfo: ${failure.message}\n`);
    return EXIT.invalid;
  }
  io.stdout(values.json ? `${JSON.stringify(delivery, null, 2)}\n` : describe(delivery));
  return EXIT.ok;
}
