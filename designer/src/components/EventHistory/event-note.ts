/**
 * What an operator's event says in words: who acted and what they said ("approved by Dana (ops): risk accepted",
 * "cancelled by ops bot: duplicate"). The runtime keeps `data.by` (the API key that acted: id, name, role) and the
 * comment or reason on node.decided, node.triggered, instance.paused, instance.resumed and instance.cancelled.
 */
import type { FlowEvent } from "@mfo/schemas";

const VERBS: Record<string, string> = {
  "node.triggered": "executed",
  "instance.paused": "paused",
  "instance.resumed": "resumed",
  "instance.cancelled": "cancelled",
};

/** The note of an operator's event, or undefined for the engine's own events (and old ones that say nothing). */
export function eventNote(event: FlowEvent): string | undefined {
  const data = event.data ?? {};
  const verb =
    event.type === "node.decided"
      ? data.decision === "reject"
        ? "rejected"
        : data.decision === "approve"
          ? "approved"
          : undefined
      : VERBS[event.type];
  if (verb === undefined) return undefined;
  const by = data.by as { name?: unknown; keyId?: unknown } | undefined;
  const who = typeof by?.name === "string" && by.name !== "" ? by.name : typeof by?.keyId === "string" ? by.keyId : "";
  const said = [data.comment, data.reason].find((v): v is string => typeof v === "string" && v !== "");
  if (!who && !said) return event.type === "node.decided" ? verb : undefined;
  return `${verb}${who ? ` by ${who}` : ""}${said ? `: ${said}` : ""}`;
}
