/**
 * `mfo migrate [--database-url URL] [--data-dir DIR]`: brings the database schema up to date, the same way the
 * runtime does at start-up, so operators can migrate before rolling out. Exit 0 when up to date, 1 when it
 * failed (one line, never a stack trace, never the password), 2 on a usage error.
 */
import { openDatabase } from "../store/database.js";
import { runMigrations } from "../store/migrate.js";
import { parseCommandArgs } from "./args.js";
import { type CliIo, EXIT } from "./io.js";

export const migrateUsage = `Usage: mfo migrate [--database-url URL] [--data-dir DIR]

Applies the database migrations the database does not have yet; running it again applies none.

Options:
  --database-url URL   PostgreSQL connection string (default: $DATABASE_URL; unset: the embedded PGlite)
  --data-dir DIR       where the embedded database lives (default: $MFO_DATA_DIR, else ./data)
  --help               show this help

Exit status: 0 the database is up to date, 1 migrating failed, 2 usage error.
`;

/** Runs `mfo migrate`; see migrateUsage. */
export async function migrateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    { "database-url": { type: "string" }, "data-dir": { type: "string" } },
    migrateUsage,
    io,
    { positionals: false },
  );
  if (!parsed) return EXIT.ok;
  const { values } = parsed;
  // An empty DATABASE_URL means "not set", as in most deployment tools' env files.
  const databaseUrl = values["database-url"] || process.env.DATABASE_URL || undefined;
  const dataDir = values["data-dir"] || process.env.MFO_DATA_DIR || "./data";

  try {
    const database = await openDatabase({ databaseUrl, dataDir, poolMax: 2 });
    try {
      const { applied } = await runMigrations(database);
      io.stdout(`migrations: ${applied} applied, database up to date (${database.location})\n`);
      return EXIT.ok;
    } finally {
      await database.close();
    }
  } catch (error) {
    io.stderr(`mfo: migrate failed: ${oneLine(error, databaseUrl)}\n`);
    return EXIT.invalid;
  }
}

/** The first line of an error's message, with the URL's password blanked out should any message echo it. */
function oneLine(error: unknown, databaseUrl: string | undefined): string {
  let message = (error instanceof Error ? error.message : String(error)).split("\n")[0]?.trim() || "unknown error";
  for (const secret of passwordsOf(databaseUrl)) message = message.split(secret).join("***");
  return message;
}

/** The URL's password as written and decoded (empty when there is none or the URL does not parse). */
function passwordsOf(databaseUrl: string | undefined): string[] {
  try {
    const raw = databaseUrl ? new URL(databaseUrl).password : "";
    return raw ? [raw, decodeURIComponent(raw)] : [];
  } catch {
    return [];
  }
}
