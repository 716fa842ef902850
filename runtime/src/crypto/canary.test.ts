/**
 * The canary (issue 5, "done when"): on a real PostgreSQL, a phase fetches a fresh random secret 200 times; later
 * phases send it to a service, build strings from it, log it, fail and retry with it in their error messages. The
 * canaries must never appear in plaintext (nor base64) in the logs (at trace level), any API answer (create,
 * read, status, events, list, SSE stream, node data), the events table, or a pg_dump of the whole database (its
 * node_attempts rows included: params, outputs, log lines and errors of every attempt).
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FlowDefinition } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { canaryBed } from "../testing/canary-bed.js";
import { REDACTED } from "./redact.js";

const RUNS = 200;
/** How long a stream may stay silent before the test stops reading it (it normally ends by itself). */
const STREAM_IDLE_MS = 5_000;

/**
 * The outside world of the flow: /token hands out a fresh canary per call, /use checks that it comes back as a
 * bearer token, /flaky/<anything> answers 503 the first time for each path.
 */
function startSecretService() {
  const canaries: string[] = [];
  const bearers: string[] = [];
  const seen = new Set<string>();
  const server: Server = createServer((request, response) => {
    const url = request.url ?? "/";
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url === "/token") {
      const canary = `canary-${randomBytes(12).toString("hex")}`;
      canaries.push(canary);
      reply(200, { token: canary });
    } else if (url === "/use") {
      bearers.push(String(request.headers.authorization));
      reply(200, { ok: true });
    } else if (url.startsWith("/flaky/") && !seen.has(url)) {
      seen.add(url);
      reply(503, { retry: true });
    } else reply(200, { ok: true });
  });
  return { server, canaries, bearers };
}

function canaryFlow(base: string): FlowDefinition {
  const token = "phases.login.output.body.token";
  const phases = [
    { id: "login", handler: "http", params: { url: `${base}/token` }, sensitive: ["body"] },
    {
      id: "bearer",
      handler: "transform",
      params: { expression: `{ 'authorization': 'Bearer ' & ${token}, 'length': $length(${token}) }` },
    },
    {
      id: "use",
      handler: "http",
      params: { url: `${base}/use`, method: "POST", headers: { authorization: "=phases.bearer.output.authorization" } },
    },
    {
      id: "note",
      handler: "log",
      params: { level: "info", message: `='token in use: ' & ${token}`, fields: { token: `=${token}` } },
    },
    {
      id: "flaky",
      handler: "http",
      params: { url: `='${base}/flaky/' & ${token}` },
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
    },
    {
      id: "boom",
      handler: "transform",
      params: { expression: `$error('rejected ' & ${token})` },
      onError: "continue",
    },
  ];
  const nodes = [
    { id: "start", type: "start" },
    ...phases.map((p) => ({ type: "phase", ...p })),
    { id: "done", type: "end" },
  ];
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]?.id as string, target: n.id }));
  return { id: "canary", name: "Canary", nodes, edges } as FlowDefinition;
}

/** Reads an SSE response until it ends (the instance ended) or stays silent for STREAM_IDLE_MS. */
async function readStream(response: Response): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<"idle">((resolve) => {
      timer = setTimeout(() => resolve("idle"), STREAM_IDLE_MS);
    });
    const next = await Promise.race([reader.read(), idle]);
    clearTimeout(timer);
    if (next === "idle" || next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return text;
}

describe("the canary secret", () => {
  const bed = canaryBed("canary", startSecretService);

  const request = (method: string, path: string, body?: unknown) =>
    bed.runtime.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${bed.runtime.adminKey}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it(`never appears in plaintext over ${RUNS} runs: logs, API answers, SSE, events, pg_dump`, {
    timeout: 120_000,
  }, async () => {
    const answers: string[] = [];
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await request(method, path, body);
      const text = await response.text();
      answers.push(text);
      return { status: response.status, body: JSON.parse(text) };
    };
    const { port } = bed.service.server.address() as AddressInfo;
    expect((await call("POST", "/flow-types", canaryFlow(`http://127.0.0.1:${port}`))).status).toBe(201);

    const ids: string[] = [];
    for (let batch = 0; batch < RUNS / 20; batch++) {
      const created = await Promise.all(
        Array.from({ length: 20 }, () => call("POST", "/flows", { flowType: "canary" })),
      );
      for (const c of created) {
        expect(c.status).toBe(201);
        ids.push(c.body.id);
      }
    }
    const pending = new Set(ids);
    for (let round = 0; pending.size > 0 && round < 2_000; round++) {
      for (const id of [...pending]) {
        const { body } = await call("GET", `/flows/${id}/status`);
        if (body.status === "completed") pending.delete(id);
        else expect(["running", "waiting"]).toContain(body.status);
      }
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(pending.size).toBe(0);

    // The secrets were really used: one canary per run, each came back as its bearer token.
    expect(bed.service.canaries).toHaveLength(RUNS);
    expect(bed.service.bearers.sort()).toEqual(bed.service.canaries.map((c) => `Bearer ${c}`).sort());

    const streams = await Promise.all(
      ids.map(async (id) => {
        const response = await request("GET", `/flows/${id}/stream`);
        expect(response.status).toBe(200);
        return readStream(response);
      }),
    );
    expect(streams.every((text) => text.includes("event: end"))).toBe(true);
    answers.push(...streams);

    for (const id of ids) {
      const shown = await call("GET", `/flows/${id}`);
      expect(shown.body.context.phases.login.output.body).toBe(REDACTED);
      expect(shown.body.context.phases.bearer.output.authorization).toBe(REDACTED);
      expect(shown.body.context.phases.bearer.output.length).toBe(bed.service.canaries[0]?.length);
      await call("GET", `/flows/${id}/events`);
      // The node data shows the same values redacted: the sensitive output, the params and log built from it.
      const login = (await call("GET", `/flows/${id}/nodes/login`)).body;
      expect(login.attempts[0].output.body).toBe(REDACTED);
      const use = (await call("GET", `/flows/${id}/nodes/use`)).body;
      expect(use.attempts[0].input.headers.authorization).toBe(REDACTED);
      const note = (await call("GET", `/flows/${id}/nodes/note`)).body;
      expect(note.attempts[0].logs).toMatchObject([{ message: `token in use: ${REDACTED}` }]);
      const flaky = (await call("GET", `/flows/${id}/attempts`)).body.items.filter(
        (a: { nodeId: string }) => a.nodeId === "flaky",
      );
      expect(flaky.map((a: { status: string }) => a.status)).toEqual(["retrying", "completed"]);
      expect(flaky[0].input.url).toBe(REDACTED);
    }
    let cursor: string | null = null;
    do {
      const page: { body: { nextCursor: string | null } } = await call(
        "GET",
        `/flows?limit=50${cursor ? `&cursor=${cursor}` : ""}`,
      );
      cursor = page.body.nextCursor;
    } while (cursor);

    const { rows: eventRows, text: eventsText } = await bed.events();
    const dump = await bed.dump();

    // The places the canary was headed for show it redacted: the log line, the retried and the failed phases.
    const logText = bed.logs.join("");
    expect(logText.match(/token in use: \[redacted\]/g)).toHaveLength(RUNS);
    expect(eventRows.filter((r) => r.type === "node.retrying")).toHaveLength(RUNS);
    expect(eventsText).toContain(`/flaky/${REDACTED} answered 503`);
    expect(eventsText).toContain(`rejected ${REDACTED}`);
    expect(dump).toContain("COPY public.instances");
    expect(dump).toContain("COPY public.node_attempts");

    const places = { logs: logText, answers: answers.join("\n"), events: eventsText, pgDump: dump };
    const leaks: string[] = [];
    for (const canary of bed.service.canaries) {
      for (const form of [canary, Buffer.from(canary).toString("base64"), Buffer.from(canary).toString("base64url")]) {
        for (const [place, text] of Object.entries(places)) if (text.includes(form)) leaks.push(`${place}: ${form}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
