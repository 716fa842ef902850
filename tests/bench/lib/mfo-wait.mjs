// "Create an instance and get its result" over MFO's HTTP API, as a caller would: `POST /api/v1/flows` with
// `Prefer: wait=<seconds>` (RFC 7240). A build that waits answers 201 with the ended instance (status completed,
// failed or cancelled), or 202 with its id when the wait ran out; a build from before the wait ignores the
// preference and answers 201 with an instance still running. In both of the latter cases the caller follows the
// instance's event stream (`GET /api/v1/flows/{id}/stream`) to its `end` message, which is how a client waited
// before the wait existed: so the same harness measures both builds.
import { routeUrl } from "@mfo/client";
import { agentPerClient, connectionPerClient, readEventStream } from "./http-driver.mjs";
import { ADMIN_KEY } from "./runtime-process.mjs";

const ENDED = new Set(["completed", "failed", "cancelled"]);
const WAIT_SECONDS = Number(process.env.BENCH_WAIT_SECONDS ?? 30);
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

/**
 * The work unit for lib/http-driver.mjs's drive(): `work(client, i)` creates an instance of `flowType` with
 * `input(i)` on the runtime at `base` and resolves once it has ended completed, to how the end was learnt: "wait"
 * (the create answered it) or "stream" (the event stream did). Throws on any other answer or final status: only
 * completed instances count. Each client has one keep-alive connection for creates and one for its event
 * streams; `close()` ends them.
 */
export function createAndWait({ base, flowType, input }) {
  const createPath = routeUrl("post /flows");
  const creates = connectionPerClient(base);
  const streams = agentPerClient();
  const work = async (client, i) => {
    const created = await creates.of(client).request("POST", createPath, {
      headers: { ...auth, prefer: `wait=${WAIT_SECONDS}` },
      body: { flowType, input: input(i) },
    });
    if (created.status !== 201 && created.status !== 202)
      throw new Error(`POST /flows answered ${created.status}: ${created.text.slice(0, 500)}`);
    const body = JSON.parse(created.text);
    let status = body.status;
    let via = "wait";
    if (created.status === 202 || !ENDED.has(status)) {
      const streamUrl = `${base}${routeUrl("get /flows/:id/stream", { params: { id: body.id } })}`;
      status = JSON.parse(await readEventStream(streams.of(client), streamUrl, { headers: auth })).status;
      via = "stream";
    }
    if (status !== "completed") throw new Error(`instance ${body.id} ended ${status}, not completed`);
    return via;
  };
  const close = () => {
    creates.destroy();
    streams.destroy();
  };
  return { work, close };
}

/** "answered by the create: 100%" / "stream 100%" from drive()'s tally. */
export function describeTally(tally) {
  const total = Object.values(tally).reduce((a, b) => a + b, 0);
  return Object.entries(tally)
    .map(([via, n]) => `${via} ${Math.round((n / total) * 100)}%`)
    .join(", ");
}
