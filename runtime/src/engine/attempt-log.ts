/**
 * What a phase attempt's handler logs, kept for the node's data (issue 18): each line still goes to the process
 * logger, and a bounded copy (100 lines / 64 KB per attempt, then `truncated`) is collected for `node_attempts`.
 * Both see the line after `redact`, so neither holds a secret the instance knows.
 */
import type { Logs } from "@mfo/schemas";
import { redactStrings } from "../crypto/redact.js";
import type { HandlerLogger } from "../handlers/types.js";

export const MAX_LOG_LINES = 100;
export const MAX_LOG_BYTES = 64 * 1024;

export interface AttemptLog {
  /** What the handler is given: forwards to the process logger and collects. */
  logger: HandlerLogger;
  /** The lines kept, null when the handler logged nothing (most phases: nothing to store). */
  lines(): Logs | null;
  /** Whether lines were dropped past the bounds. */
  truncated(): boolean;
}

type Level = keyof HandlerLogger;

export function createAttemptLog(
  target: HandlerLogger,
  redact: ((text: string) => string) | undefined,
  now: () => Date,
): AttemptLog {
  const kept: Logs = [];
  let bytes = 0;
  let truncated = false;
  const at =
    (level: Level) =>
    (fields: Record<string, unknown>, message: string): void => {
      const shownFields = redact ? (redactStrings(fields, redact) as Record<string, unknown>) : fields;
      const shownMessage = redact ? redact(message) : message;
      target[level](shownFields, shownMessage);
      if (truncated) return;
      const line: Logs[number] = { at: now().toISOString(), level, message: shownMessage };
      if (shownFields && Object.keys(shownFields).length > 0) line.fields = shownFields;
      // A field the JSON column cannot hold (a cycle, a BigInt) keeps the line without its fields.
      let text: string;
      try {
        text = JSON.stringify(line);
      } catch {
        delete line.fields;
        text = JSON.stringify(line);
      }
      const size = Buffer.byteLength(text);
      if (kept.length >= MAX_LOG_LINES || bytes + size > MAX_LOG_BYTES) {
        truncated = true;
        return;
      }
      bytes += size;
      // Fields as plain JSON (what the column holds): a Date becomes its string, undefined goes.
      kept.push(line.fields ? (JSON.parse(text) as Logs[number]) : line);
    };
  return {
    logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
    lines: () => (kept.length === 0 ? null : kept),
    truncated: () => truncated,
  };
}
