/**
 * What the Triggers panel writes out, kept free of React so it is tested without a DOM: due times in the user's
 * and the schedule's time zones, the IANA zones to choose from, a webhook's full address and an example call
 * (header names and placeholders only: a secret's value is never known to the designer), and the API's 422
 * errors sorted onto the form's fields.
 */
import type { Hook } from "@mfo/schemas";

/** The browser's own IANA time zone (the default of a new schedule), UTC when it cannot say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Every IANA zone the browser knows, for the searchable list (UTC first; a few when it cannot list them). */
export function timeZones(): string[] {
  const listed = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  const zones = listed.length > 0 ? listed : ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo"];
  return ["UTC", ...zones.filter((z) => z !== "UTC")];
}

/** Whether `zone` is a time zone this browser can format in (so a typo does not throw while rendering). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone !== "";
  } catch {
    return false;
  }
}

/** A due time as "Tue, 2 Dec 2026, 02:30:00 CET" in `zone` (the browser's when absent). */
export function formatDue(iso: string, zone?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  };
  if (zone !== undefined && isTimeZone(zone)) options.timeZone = zone;
  return new Intl.DateTimeFormat(undefined, options).format(new Date(iso));
}

/** A due time in the user's zone, and in the schedule's zone when that one differs. */
export function dueInBothZones(iso: string, scheduleZone: string, userZone: string): { user: string; there?: string } {
  const user = formatDue(iso, userZone);
  if (scheduleZone === userZone || !isTimeZone(scheduleZone)) return { user };
  return { user, there: formatDue(iso, scheduleZone) };
}

/** Cron examples shown beside the cron field (croner's syntax: five fields, or six with seconds first). */
export const CRON_EXAMPLES: ReadonlyArray<{ cron: string; meaning: string }> = [
  { cron: "30 2 * * *", meaning: "every day at 02:30" },
  { cron: "0 9 * * 1-5", meaning: "weekdays at 09:00" },
  { cron: "*/15 * * * *", meaning: "every 15 minutes" },
  { cron: "0 0 1 * *", meaning: "the first of each month at midnight" },
  { cron: "*/10 * * * * *", meaning: "every 10 seconds (seconds first)" },
];

/** The header a webhook reads its token or signature from (the API's default when the hook names none). */
export const authHeader = (auth: Hook["auth"]): string =>
  auth.header ?? (auth.type === "hmac" ? "X-Hub-Signature-256" : "X-Hook-Token");

/** The address an outside system calls: this page's origin and the hook's path. */
export const hookAddress = (hook: Pick<Hook, "url">, origin: string): string => new URL(hook.url, origin).href;

/**
 * An example call of the hook with curl: its address, JSON content, the auth header with a placeholder naming the
 * secret (or, for hmac, how the signature is made) and the idempotency header. Never a secret's value.
 */
export function curlExample(hook: Pick<Hook, "url" | "auth" | "idempotencyHeader">, origin: string): string {
  const auth =
    hook.auth.type === "hmac"
      ? `sha256=<hex HMAC-SHA256 of the body keyed by secret ${hook.auth.secret}>`
      : `<value of secret ${hook.auth.secret}>`;
  return [
    `curl -X POST '${hookAddress(hook, origin)}'`,
    `  -H 'Content-Type: application/json'`,
    `  -H '${authHeader(hook.auth)}: ${auth}'`,
    `  -H '${hook.idempotencyHeader}: <a unique id per event>'`,
    `  -d '{}'`,
  ].join(" \\\n");
}

/** A problem's field errors sorted by the first segment of their path ("/cron" -> "cron"); "" for the rest. */
export function errorsByField(errors: ReadonlyArray<{ path: string; message: string }>): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const e of errors) {
    const field = e.path.split("/")[1] ?? "";
    byField[field] = byField[field] ? `${byField[field]}; ${e.message}` : e.message;
  }
  return byField;
}
