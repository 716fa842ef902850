/**
 * `mfo secrets set NAME | list | delete NAME`: the tenant's secrets store on a running MFO (PUT, GET and DELETE
 * /api/v1/secrets). `set` reads the value from standard input, never from the arguments, which the shell's history
 * and the process list would show; one trailing newline (what `echo` or a file adds) is not part of it. Nothing
 * the command prints holds a value: the server never answers one.
 */
import type { Secret } from "@mfo/schemas";
import { parseCommandArgs } from "./args.js";
import { connectionOptions, connectionUsage, createCliClient, failureOf, resolveConnection } from "./connection.js";
import { type CliIo, EXIT, UsageError } from "./io.js";

export const secretsUsage = `Usage: mfo secrets <set NAME | list | delete NAME> [options]

The tenant's secrets store on a running MFO server (an admin key sets and deletes, an architect lists).
Flows read a secret in a phase's params as =$secret("NAME"); its value is never shown again.

  set NAME      create or replace secret NAME with the value read from standard input, e.g.
                  printf %s "$TOKEN" | mfo secrets set github-token
                (one trailing newline is dropped)
  list          the secrets: name, when and by which key they were last set, what uses them
  delete NAME   delete secret NAME (refused while a published flow type or a webhook uses it)

Options:
  --json      list: print the list as JSON
${connectionUsage}
  --help      show this help

Exit status: 0 done; 1 refused by the server; 2 usage error or a server that cannot be reached.
`;

const options = { json: { type: "boolean" }, ...connectionOptions } as const;

/** The value as given on stdin, without one trailing newline. */
export function secretFromStdin(text: string): string {
  if (text.endsWith("\r\n")) return text.slice(0, -2);
  if (text.endsWith("\n")) return text.slice(0, -1);
  return text;
}

function table(items: readonly Secret[]): string {
  if (items.length === 0) return "no secrets\n";
  const rows = items.map((s) => [
    s.name,
    s.updatedAt,
    s.updatedBy ?? "runtime",
    [
      ...s.usedBy.map((use) => `${use.flowType} (${use.nodes.join(", ")})`),
      ...s.hooks.map((hook) => `webhook ${hook}`),
    ].join("; ") || "-",
  ]);
  const all = [["NAME", "UPDATED", "BY", "USED BY"], ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((row) => (row[i] as string).length)));
  return (
    all.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] as number) : cell)).join("  ")).join("\n") +
    "\n"
  );
}

/** Runs `mfo secrets`; see secretsUsage. */
export async function secretsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, options, secretsUsage, io);
  if (!parsed) return EXIT.ok;
  const { values, positionals } = parsed;
  const [action, name, ...extra] = positionals;
  const needsName = action === "set" || action === "delete";
  if (action !== "list" && !needsName) throw new UsageError(`mfo secrets needs set NAME, list or delete NAME`);
  if (needsName && name === undefined) throw new UsageError(`mfo secrets ${action} needs a NAME`);
  const surplus = needsName ? extra : [name, ...extra].filter((v) => v !== undefined);
  if (surplus.length > 0)
    throw new UsageError(
      action === "set"
        ? "mfo secrets set takes the value on standard input, not as an argument"
        : `unexpected "${surplus.join(" ")}"`,
    );
  const connection = resolveConnection(values);
  let value = "";
  if (action === "set") {
    if (!io.readStdin) throw new UsageError("mfo secrets set reads the value from standard input");
    value = secretFromStdin(await io.readStdin());
    if (value === "")
      throw new UsageError("no value on standard input (pipe it in: printf %s VALUE | mfo secrets set NAME)");
  }
  const client = createCliClient(connection);
  try {
    if (action === "set") {
      await client.putSecret(name as string, value);
      io.stdout(`secret ${name} stored\n`);
    } else if (action === "delete") {
      await client.deleteSecret(name as string);
      io.stdout(`secret ${name} deleted\n`);
    } else {
      const { items } = await client.listSecrets();
      io.stdout(values.json ? `${JSON.stringify(items, null, 2)}\n` : table(items));
    }
    return EXIT.ok;
  } catch (error) {
    const failure = failureOf(error, connection);
    if (!failure) throw error;
    io.stderr(`mfo: ${failure.message}\n`);
    if (!failure.unreachable)
      for (const e of failure.error.errors ?? [])
        io.stderr(`mfo: ${e.path === "" ? "(body)" : e.path}: ${e.message}\n`);
    return failure.unreachable ? EXIT.usage : EXIT.invalid;
  }
}
