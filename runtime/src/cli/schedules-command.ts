/**
 * `mfo schedules list|add|pause|resume|delete`: a flow type's schedules on a running MFO, through the API
 * client, so a cron job holding an operator key is no longer needed to start flows on a schedule. The server
 * checks everything (cron, time zone, input); its 422 errors are printed one per line.
 */
import type { Schedule, ScheduleRequest } from "@mfo/schemas";
import { parseCommandArgs } from "./args.js";
import { connectionOptions, connectionUsage, createCliClient, failureOf, resolveConnection } from "./connection.js";
import { type CliIo, EXIT, UsageError } from "./io.js";

export const schedulesUsage = `Usage: mfo schedules <list|add|pause|resume|delete> FLOWTYPE [ID] [options]

  list FLOWTYPE                 the flow type's schedules with their next due time (UTC) and last run
  add FLOWTYPE --cron "EXPR"    add a schedule; prints its id and next due times
      --tz ZONE                 IANA time zone the expression is read in (default UTC), e.g. Europe/Berlin
      --input JSON              the input of each instance it starts (default {})
      --name NAME               a name (default: the expression)
      --overlap POLICY          skip (default) | allow | cancel-previous
      --catch-up POLICY         latest (default) | none | all | all:N (at most N missed due times)
  pause FLOWTYPE ID             no due time fires until resumed
  resume FLOWTYPE ID            fire again from now on
  delete FLOWTYPE ID            delete the schedule (the instances it started are kept)

The expression has five fields (minute hour day month weekday) or six with seconds first.

Options:
${connectionUsage}
  --help      show this help

Exit status: 0 done, 1 refused by the server, 2 usage error or a server that cannot be reached.
`;

const options = {
  ...connectionOptions,
  cron: { type: "string" },
  tz: { type: "string" },
  input: { type: "string" },
  name: { type: "string" },
  overlap: { type: "string" },
  "catch-up": { type: "string" },
} as const;

/** --catch-up latest | none | all | all:N as the API's catchUp. */
function catchUpOf(text: string): ScheduleRequest["catchUp"] {
  const match = /^(none|latest|all)(?::(\d{1,4}))?$/.exec(text);
  if (!match || (match[2] !== undefined && match[1] !== "all"))
    throw new UsageError(`--catch-up must be latest, none, all or all:N, not "${text}"`);
  const policy = match[1] as "none" | "latest" | "all";
  return match[2] === undefined ? { policy } : { policy, limit: Number(match[2]) };
}

function inputOf(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--input is not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new UsageError("--input must be a JSON object");
  return value as Record<string, unknown>;
}

/** One schedule in one line: id, state, expression and zone, next due time, last run. */
function line(s: Schedule): string {
  const state = s.enabled ? "active" : "paused";
  const next = s.nextDue[0] ?? "-";
  const last = s.lastRun ? `${s.lastRun.outcome} ${s.lastRun.due}` : "never run";
  return `${s.id}  ${state}  "${s.cron}" ${s.timezone}  next ${next}  last ${last}  ${s.name}\n`;
}

/** Runs `mfo schedules`; see schedulesUsage. */
export async function schedulesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, options, schedulesUsage, io);
  if (!parsed) return EXIT.ok;
  const [action, flowType, id, ...extra] = parsed.positionals;
  const values = parsed.values;
  if (!action || !["list", "add", "pause", "resume", "delete"].includes(action))
    throw new UsageError(action ? `unknown schedules command "${action}"` : "mfo schedules needs a command");
  if (!flowType) throw new UsageError(`mfo schedules ${action} needs a FLOWTYPE`);
  const needsId = action === "pause" || action === "resume" || action === "delete";
  if (needsId && !id) throw new UsageError(`mfo schedules ${action} needs a FLOWTYPE and a schedule ID`);
  if (extra.length > 0 || (!needsId && id)) throw new UsageError(`unexpected argument "${extra[0] ?? id}"`);
  if (action === "add" && !values.cron) throw new UsageError('mfo schedules add needs --cron "EXPR"');
  if (values.overlap !== undefined && !["skip", "allow", "cancel-previous"].includes(values.overlap))
    throw new UsageError(`--overlap must be skip, allow or cancel-previous, not "${values.overlap}"`);
  const request: ScheduleRequest = {
    cron: values.cron ?? "",
    ...(values.tz !== undefined ? { timezone: values.tz } : {}),
    ...(values.input !== undefined ? { input: inputOf(values.input) } : {}),
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.overlap !== undefined ? { overlap: values.overlap as ScheduleRequest["overlap"] } : {}),
    ...(values["catch-up"] !== undefined ? { catchUp: catchUpOf(values["catch-up"]) } : {}),
  };

  const connection = resolveConnection(values);
  const client = createCliClient(connection);
  try {
    const scheduleId = id as string;
    if (action === "list") {
      const { items } = await client.listSchedules(flowType);
      if (items.length === 0) io.stdout(`${flowType} has no schedules\n`);
      for (const s of items) io.stdout(line(s));
    } else if (action === "add") {
      const s = await client.createSchedule(flowType, request);
      io.stdout(`added schedule ${s.id} to ${flowType}; next due (UTC):\n`);
      for (const due of s.nextDue) io.stdout(`  ${due}\n`);
    } else if (action === "pause") {
      io.stdout(`paused ${(await client.pauseSchedule(flowType, scheduleId)).id}\n`);
    } else if (action === "resume") {
      const s = await client.resumeSchedule(flowType, scheduleId);
      io.stdout(`resumed ${s.id}; next due ${s.nextDue[0] ?? "never"}\n`);
    } else {
      await client.deleteSchedule(flowType, scheduleId);
      io.stdout(`deleted ${scheduleId}\n`);
    }
    return EXIT.ok;
  } catch (error) {
    const failure = failureOf(error, connection);
    if (!failure) throw error;
    io.stderr(`mfo: ${failure.message}\n`);
    for (const e of failure.error.errors ?? []) io.stderr(`  ${e.path || "/"}: ${e.message}\n`);
    return failure.unreachable ? EXIT.usage : EXIT.invalid;
  }
}
