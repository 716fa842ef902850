/**
 * `mfo run FLOWTYPE`: starts a flow instance on a running MFO (POST /api/v1/flows) and, with --wait, waits for it
 * to end in the same request (create and wait: `?wait=`), then, if the server's wait passed first, follows it
 * (GET /api/v1/flows/{id}/status) until it ends or needs a person, so an operator or a script can run a flow and
 * learn how it went from the exit status alone: 0 completed, 1 failed, cancelled or timed out, 3 waiting for an
 * operator.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { FlowService } from "@mfo/client";
import { type CreateInstanceRequest, type Instance, type InstanceStatusResponse, isEnded } from "@mfo/schemas";
import { parseCommandArgs } from "./args.js";
import {
  type Connection,
  connectionOptions,
  connectionUsage,
  createCliClient,
  failureOf,
  resolveConnection,
} from "./connection.js";
import { type CliIo, EXIT, processIo, UsageError } from "./io.js";
import { readJsonFile } from "./read-json-file.js";

export const runUsage = `Usage: mfo run FLOWTYPE [--input JSON | --input-file FILE] [options]

Starts an instance of the latest published version of FLOWTYPE on a running MFO server and prints its id.
With --wait, waits for it to end or need an operator, and prints its output and how it ended; a flow that
outlives the server's wait (MFO_MAX_CREATE_WAIT_SECONDS, 60 s) is then followed, showing its progress.

Options:
  --input JSON            the instance's input, a JSON object, e.g. '{"application":"billing"}'
  --input-file FILE       read the input from a JSON file instead
  --version N             run version N of the flow type instead of the latest
  --name NAME             a name for the instance
  --idempotency-key KEY   a repeat with the same key returns the instance it started instead of a new one
  --wait[=SECONDS]        wait until the instance completes, fails or waits for an operator (at most
                          SECONDS: the same as --timeout SECONDS)
  --timeout SECONDS       how long --wait waits (default 300)
  --json                  print the instance as JSON (with --wait: as it ended, with its output) instead of its id
${connectionUsage}
  --help                  show this help

Ctrl-C or a timeout while waiting only stops waiting: the instance keeps running on the server.

Exit status: 0 started (with --wait: completed); 1 refused by the server, or with --wait failed, cancelled
or still running at the timeout; 2 usage error, an input file that cannot be read, or a server that cannot
be reached; 3 with --wait: waiting for an operator (an approval, a manual phase, paused or quarantined);
130 Ctrl-C.
`;

/** The flow waits for a person (POST /flows/{id}/execute or /resume); not a failure, but not done either. */
export const EXIT_WAITING = 3;
/** Ctrl-C, by the shell's convention (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

const POLL_MS = 250;
const DEFAULT_TIMEOUT_SECONDS = 300;
const SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

/** What `mfo run --wait` needs beyond CliIo. Left out, both follow the process when `io` is processIo. */
export interface RunIo extends CliIo {
  /** Whether stdout is a terminal, so progress may rewrite one line in place. */
  stdoutIsTty?: boolean;
  /** Calls `listener` on Ctrl-C until the returned function is called. */
  onInterrupt?(listener: () => void): () => void;
}

interface RunOptions {
  flowType: string;
  body: Record<string, unknown>;
  wait: boolean;
  timeoutMs: number;
  json: boolean;
}

type Values = {
  input?: string;
  "input-file"?: string;
  version?: string;
  name?: string;
  "idempotency-key"?: string;
  wait?: boolean;
  timeout?: string;
  json?: boolean;
  url?: string;
  key?: string;
};

const runOptions = {
  input: { type: "string" },
  "input-file": { type: "string" },
  version: { type: "string" },
  name: { type: "string" },
  "idempotency-key": { type: "string" },
  wait: { type: "boolean" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  ...connectionOptions,
} as const;

/**
 * `--wait=SECONDS` taken out of the arguments (parseArgs' boolean options take no value): the arguments with a
 * plain `--wait` instead, and the seconds given.
 */
function splitWait(argv: readonly string[]): { argv: string[]; seconds: string | undefined } {
  let seconds: string | undefined;
  const end = argv.indexOf("--");
  const out = argv.map((arg, i) => {
    const match = (end === -1 || i < end) && /^--wait=(.*)$/s.exec(arg);
    if (!match) return arg;
    if (seconds !== undefined) throw new UsageError("give --wait=SECONDS once");
    seconds = match[1] as string;
    return "--wait";
  });
  return { argv: out, seconds };
}

/** The request body and waiting options from the flags; a UsageError for anything the server need not see. */
async function optionsOf(
  values: Values,
  positionals: string[],
  io: CliIo,
  waitSeconds: string | undefined,
): Promise<RunOptions | number> {
  const [flowType, ...extra] = positionals;
  if (flowType === undefined) throw new UsageError("mfo run needs a FLOWTYPE");
  if (extra.length > 0) throw new UsageError(`mfo run takes one FLOWTYPE, not also "${extra.join(" ")}"`);
  const body: Record<string, unknown> = { flowType };
  if (values.input !== undefined && values["input-file"] !== undefined) {
    throw new UsageError("give the input with --input or with --input-file, not both");
  }
  if (values.input !== undefined) {
    try {
      body.input = JSON.parse(values.input);
    } catch (error) {
      throw new UsageError(`--input is not valid JSON: ${(error as Error).message}`);
    }
  }
  const file = values["input-file"];
  if (file !== undefined) {
    try {
      body.input = await readJsonFile(file, io);
    } catch (error) {
      io.stderr(`mfo: ${file}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  if (values.version !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(values.version)) {
      throw new UsageError(`--version must be a whole number from 1, not "${values.version}"`);
    }
    body.version = Number(values.version);
  }
  if (values.name !== undefined) body.name = values.name;
  if (values["idempotency-key"] !== undefined) body.idempotencyKey = values["idempotency-key"];
  if (waitSeconds !== undefined && values.timeout !== undefined)
    throw new UsageError("give the time to wait with --wait=SECONDS or with --timeout, not both");
  const given = waitSeconds ?? values.timeout;
  const flag = waitSeconds === undefined ? "--timeout" : "--wait";
  const timeout = given === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(given);
  if (!Number.isFinite(timeout) || timeout <= 0 || given?.trim() === "") {
    throw new UsageError(`${flag} must be a number of seconds above 0, not "${given}"`);
  }
  return { flowType, body, wait: values.wait === true, timeoutMs: timeout * 1000, json: values.json === true };
}

/** Runs `mfo run`; see runUsage. */
export async function runCommand(argv: readonly string[], io: RunIo): Promise<number> {
  const split = splitWait(argv);
  const parsed = parseCommandArgs(split.argv, runOptions, runUsage, io);
  if (!parsed) return EXIT.ok;
  const { values, positionals } = parsed;
  const options = await optionsOf(values, positionals, io, split.seconds);
  if (typeof options === "number") return options;
  const connection = resolveConnection(values);
  const client = createCliClient(connection);
  const started = Date.now();
  const body = options.body as unknown as CreateInstanceRequest;
  const reused = () =>
    io.stderr(`mfo: idempotency key "${values["idempotency-key"]}" was used before; this is the instance it started\n`);

  if (!options.wait) {
    let instance: Instance;
    try {
      // The server checks the body; the CLI checked only what it parsed from the flags.
      const created = await client.request("post /flows", { body });
      instance = created.body;
      if (created.status === 200) reused();
    } catch (error) {
      return reportFailure(error, connection, io);
    }
    io.stdout(options.json ? `${JSON.stringify(instance, null, 2)}\n` : `${instance.id}\n`);
    return EXIT.ok;
  }

  const interrupted = new AbortController();
  const stopListening = interruptsOf(io)(() => interrupted.abort());
  try {
    // A key of its own when none was given: after a Ctrl-C during the wait, the same create (without a wait)
    // answers the instance it started, so the CLI can name it.
    const keyed = { ...body, idempotencyKey: body.idempotencyKey ?? `mfo-run-${randomUUID()}` };
    let instance: Instance;
    try {
      const created = await client.request("post /flows", {
        body: keyed,
        query: { wait: String(options.timeoutMs / 1000) },
        signal: interrupted.signal,
      });
      instance = created.body;
      if (created.status === 200) reused();
    } catch (error) {
      if (!interrupted.signal.aborted) return reportFailure(error, connection, io);
      const again = await client.request("post /flows", { body: keyed }).catch(() => undefined);
      const id = again?.body.id;
      io.stderr(
        id
          ? `mfo: stopped waiting; instance ${id} keeps running (GET /api/v1/flows/${id}/status)\n`
          : "mfo: stopped waiting; the instance keeps running\n",
      );
      return EXIT_INTERRUPTED;
    }
    if (!options.json) io.stdout(`${instance.id}\n`);
    const ending = endOf(instance, instance.id, seconds(Date.now() - started));
    if (ending) return ended(instance, ending, options, io);
    return await follow({ client, connection }, instance.id, options, started, io, interrupted.signal);
  } finally {
    stopListening();
  }
}

/** Prints an instance the create-and-wait answered as ended or stopped (with its output when it completed). */
function ended(instance: Instance, ending: { line: string; exit: number }, options: RunOptions, io: CliIo): number {
  if (options.json) {
    io.stdout(`${JSON.stringify(instance, null, 2)}\n`);
    io.stderr(`mfo: ${ending.line}\n`);
    return ending.exit;
  }
  if (isEnded(instance.status) && instance.output !== undefined && instance.output !== null)
    io.stdout(`output: ${JSON.stringify(instance.output)}\n`);
  io.stdout(`${ending.line}\n`);
  return ending.exit;
}

/** One line for a refused or failed request; exit 1 when the server refused, 2 when it could not be reached. */
function reportFailure(error: unknown, connection: Connection, io: CliIo, id?: string): number {
  const running = id ? `; instance ${id} keeps running` : "";
  const failure = failureOf(error, connection);
  if (!failure) throw error;
  if (failure.unreachable) {
    io.stderr(`mfo: ${failure.message}${running}\n`);
    return EXIT.usage;
  }
  const { status, errors } = failure.error;
  if (status === 422 && errors.length > 0) {
    // The pointers name what to fix: /input/loc, /name, ...
    for (const e of errors) io.stderr(`mfo: ${e.path === "" ? "(body)" : e.path}: ${e.message}\n`);
  } else {
    io.stderr(`mfo: ${failure.message}\n`);
  }
  return EXIT.invalid;
}

/**
 * Follows instance `id` until it ends, waits for a person, times out, or `interrupted` (Ctrl-C); prints progress
 * and the end.
 */
async function follow(
  { client, connection }: { client: FlowService; connection: Connection },
  id: string,
  options: RunOptions,
  started: number,
  io: RunIo,
  interrupted: AbortSignal,
) {
  const tty = io.stdoutIsTty ?? (io === processIo && process.stdout.isTTY === true);
  const deadline = started + options.timeoutMs;
  const elapsed = () => seconds(Date.now() - started);
  let shown = "";
  let frame = 0;
  // Progress goes to stdout unless stdout is for --json; on a terminal one line is redrawn in place.
  const progress = (status: InstanceStatusResponse) => {
    if (options.json) return;
    const line = describe(status, elapsed());
    if (tty) io.stdout(`\r${SPINNER[frame++ % SPINNER.length]} ${line}\x1b[K`);
    else {
      const key = `${status.status} ${status.currentNodes.join(",")}`;
      if (key !== shown) io.stdout(`${line}\n`);
      shown = key;
    }
  };
  const clearLine = () => {
    if (tty && !options.json && frame > 0) io.stdout("\r\x1b[K");
  };
  // The outcome line: on stdout after the progress, on stderr when stdout carries the JSON.
  const finish = async (line: string, exit: number, toStderr = false) => {
    clearLine();
    if (options.json) {
      const body = await client.getFlow(id, { signal: interrupted });
      io.stdout(`${JSON.stringify(body, null, 2)}\n`);
    }
    if (options.json || toStderr) io.stderr(`mfo: ${line}\n`);
    else io.stdout(`${line}\n`);
    return exit;
  };

  try {
    for (;;) {
      const status = await client.status(id, { signal: interrupted });
      const ending = endOf(status, id, elapsed());
      if (ending) return await finish(ending.line, ending.exit);
      progress(status);
      if (Date.now() >= deadline) {
        return await finish(
          `still ${status.status} after ${options.timeoutMs / 1000} s; stopped waiting, instance ${id} keeps running`,
          EXIT.invalid,
          true,
        );
      }
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())), undefined, { signal: interrupted });
    }
  } catch (error) {
    if (interrupted.aborted) {
      clearLine();
      io.stderr(`mfo: stopped waiting; instance ${id} keeps running (GET /api/v1/flows/${id}/status)\n`);
      return EXIT_INTERRUPTED;
    }
    clearLine();
    return reportFailure(error, connection, io, id);
  }
}

/** Where waiting ends for this status, with the line that says so; undefined while the flow is still moving. */
function endOf(
  status: Pick<InstanceStatusResponse, "status" | "currentNodes"> & { lastError?: InstanceStatusResponse["lastError"] },
  id: string,
  took: string,
): { line: string; exit: number } | undefined {
  const at = status.currentNodes.join(", ");
  switch (status.status) {
    case "completed":
      return { line: `completed in ${took}`, exit: EXIT.ok };
    case "failed": {
      const error = status.lastError;
      if (error) return { line: `failed at ${error.nodeId ?? (at || "?")}: ${error.message}`, exit: EXIT.invalid };
      // An end node with outcome "failed" (e.g. a rejected approval) fails the flow without an error.
      return { line: `failed${at ? ` (ended at ${at})` : ""} after ${took}`, exit: EXIT.invalid };
    }
    case "cancelled":
      return { line: `cancelled after ${took}`, exit: EXIT.invalid };
    case "waiting":
      return {
        line: `waiting at ${at || "?"}: an operator must act (POST /api/v1/flows/${id}/execute)`,
        exit: EXIT_WAITING,
      };
    case "paused":
      return {
        line: `paused${at ? ` at ${at}` : ""}: an operator must resume it (POST /api/v1/flows/${id}/resume)`,
        exit: EXIT_WAITING,
      };
    case "quarantined": {
      const why = status.lastError?.message ?? "a step kept being interrupted";
      return { line: `quarantined: ${why} (POST /api/v1/flows/${id}/resume or /cancel)`, exit: EXIT_WAITING };
    }
    default:
      return undefined;
  }
}

/** One progress line, e.g. "running  3/5 steps  at: risk-gate  (4.2 s)". */
function describe(status: InstanceStatusResponse, took: string): string {
  const parts = [status.status, `${status.progress.done}/${status.progress.total} steps`];
  if (status.currentNodes.length > 0) parts.push(`at: ${status.currentNodes.join(", ")}`);
  parts.push(`(${took})`);
  return parts.join("  ");
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** How Ctrl-C reaches `follow`: the io's own hook, SIGINT for the real process, or nothing in tests. */
function interruptsOf(io: RunIo): (listener: () => void) => () => void {
  if (io.onInterrupt) return io.onInterrupt.bind(io);
  if (io !== processIo) return () => () => {};
  return (listener) => {
    process.once("SIGINT", listener);
    return () => process.off("SIGINT", listener);
  };
}
