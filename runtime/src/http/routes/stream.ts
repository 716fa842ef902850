/**
 * The live event stream of an instance (Server-Sent Events): its history as GET /flows/:id/events presents it,
 * then each new event as it is committed, by this process or another. Each message is `event: flow-event`, `id:`
 * the event's seq, `data:` the event as JSON; a client resumes after a seq with the Last-Event-ID header (or
 * `?after=`). Once the instance has ended and all is sent, `event: end` (data `{"status": …}`) closes the stream,
 * so clients know not to reconnect. A comment line every 15 s keeps proxies from closing an idle stream.
 */
import { streamSSE } from "hono/streaming";
import { invalidQuery, notFound } from "../../errors.js";
import { followEvents } from "../../events/follow-events.js";
import { statusOrDeleted } from "../../store/instances/index.js";
import type { RouteCall, RouteHandler } from "../context.js";
import { presentEvent } from "../presenters.js";
import { problemResponse } from "../problem.js";
import { isUuid } from "../request-checks.js";

const HEARTBEAT_MS = 15_000;
/** What a client asking for a stream while this process stops is told to wait (another process may answer). */
const RETRY_AFTER_S = 5;
/** seq is a PostgreSQL integer. */
const MAX_SEQ = 2 ** 31 - 1;

/** Where the client resumes: Last-Event-ID (what EventSource sends on reconnecting) wins over ?after=. */
function resumePoint(call: RouteCall): number {
  const header = call.c.req.header("last-event-id");
  const [text, parameter] = header !== undefined ? [header, "last-event-id"] : [call.c.req.query("after"), "after"];
  if (text === undefined || text.trim() === "") return 0;
  const seq = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || seq > MAX_SEQ) {
    throw invalidQuery(parameter, "the resume point must be the seq of an event: a whole number from 0");
  }
  return seq;
}

export const streamRoutes = {
  "get /flows/:id/stream": async (call) => {
    // The caller's own instance (another tenant's answers like a missing one), checked without loading it whole.
    const id = call.param("id");
    const tenantId = call.principal.tenantId;
    if (!isUuid(id) || (await statusOrDeleted(call.deps.db, tenantId, id)) === "deleted")
      throw notFound(`flow instance ${id}`);
    const after = resumePoint(call);
    const { c, deps } = call;
    // The bus closes as the process begins to stop: a stream opened now would end at once, and its client would
    // reconnect here again and again, keeping the process serving (mfo serve's shutdown.ts).
    if (deps.events.signal.aborted) {
      return problemResponse(
        c,
        503,
        "stopping",
        "this runtime is stopping; reconnect in a moment",
        {},
        { "retry-after": String(RETRY_AFTER_S) },
      );
    }
    // Tells nginx-style proxies not to buffer the stream.
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      const client = new AbortController();
      stream.onAbort(() => client.abort());
      c.req.raw.signal.addEventListener("abort", () => client.abort());
      const heartbeat = setInterval(() => void stream.write(": keep-alive\n\n"), HEARTBEAT_MS);
      try {
        // Sends the headers now, so the client knows it is connected even when nothing is new.
        await stream.write(": connected\n\n");
        const follow = followEvents({
          db: deps.db,
          bus: deps.events,
          tenantId,
          instanceId: id,
          after,
          signal: client.signal,
        });
        for await (const item of follow) {
          if (item.kind === "event") {
            const data = JSON.stringify(presentEvent(item.row));
            await stream.writeSSE({ id: String(item.row.seq), event: "flow-event", data });
          } else await stream.writeSSE({ event: "end", data: JSON.stringify({ status: item.status }) });
        }
      } catch (error) {
        if (!client.signal.aborted && !deps.events.signal.aborted) {
          const requestId = c.get("requestId") as string | undefined;
          deps.log.error({ requestId, instanceId: id, err: String(error) }, "event stream failed");
        }
      } finally {
        clearInterval(heartbeat);
        client.abort();
      }
    });
  },
} satisfies Record<string, RouteHandler>;
