/**
 * The canary (canary.test.ts), extended to the secrets store (issue 19): on a real PostgreSQL, a secret whose value
 * is a canary is sent by `$secret("name")` in an http phase's header, body and (retried) URL, and logged by a log
 * phase; the server echoes it back. The server must receive the real value, and the canary must never appear in
 * plaintext (nor base64) in the logs (at trace level), any API answer (instance, events, node data, attempts,
 * audit, secrets list), the events table or a pg_dump of the whole database.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { canaryBed } from "../testing/canary-bed.js";
import { lineFlow } from "../testing/test-runtime.js";
import { REDACTED } from "./redact.js";

const RUNS = 20;
const CANARY = `canary-${randomBytes(12).toString("hex")}`;

/** /echo answers the header and body it got; /flaky/<anything> answers 503 the first time for each path. */
function startEchoService() {
  const received: string[] = [];
  const seen = new Set<string>();
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const url = request.url ?? "/";
      received.push(`${url} ${String(request.headers["x-api-key"])} ${body}`);
      const flaky = url.startsWith("/flaky/") && !seen.has(url);
      seen.add(url);
      response.writeHead(flaky ? 503 : 200, { "content-type": "application/json" });
      response.end(JSON.stringify({ header: request.headers["x-api-key"] ?? null, body }));
    });
  });
  return { server, received };
}

const canaryFlow = (base: string) =>
  lineFlow("secret-canary", [
    {
      id: "send",
      handler: "http",
      params: {
        url: `${base}/echo`,
        method: "POST",
        headers: { "x-api-key": '=$secret("canary")' },
        body: { note: '="key is " & $secret("canary")' },
      },
    },
    { id: "note", handler: "log", params: { level: "info", message: '="using " & $secret("canary")' } },
    {
      id: "flaky",
      handler: "http",
      params: { url: `='${base}/flaky/' & $secret("canary") & '/' & $string(input.n)` },
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
    },
  ]);

describe("the canary in the secrets store", () => {
  const bed = canaryBed("secret-canary", startEchoService);

  it("reaches the server and nothing else: logs, API answers, events, pg_dump", { timeout: 120_000 }, async () => {
    const answers: string[] = [];
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await bed.runtime.app.request(`/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${bed.runtime.adminKey}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      answers.push(text);
      return { status: response.status, body: text ? JSON.parse(text) : null };
    };
    expect((await call("PUT", "/secrets/canary", { value: CANARY })).status).toBe(200);
    const { port } = bed.service.server.address() as AddressInfo;
    expect((await call("POST", "/flow-types", canaryFlow(`http://127.0.0.1:${port}`))).status).toBe(201);

    const runs = await Promise.all(
      Array.from({ length: RUNS }, (_, n) =>
        call("POST", "/flows?wait=60", { flowType: "secret-canary", input: { n } }),
      ),
    );
    for (const run of runs) expect(run.body.status).toBe("completed");

    // The server got the real value in the header, the body and the URL.
    const echoes = bed.service.received.filter((line) => line.startsWith("/echo"));
    expect(echoes).toHaveLength(RUNS);
    for (const line of echoes) expect(line).toBe(`/echo ${CANARY} {"note":"key is ${CANARY}"}`);
    expect(bed.service.received.filter((line) => line.startsWith(`/flaky/${CANARY}/`))).toHaveLength(RUNS * 2);

    for (const { body } of runs) {
      const id = body.id as string;
      const shown = (await call("GET", `/flows/${id}`)).body;
      expect(shown.context.phases.send.output.body).toEqual({
        header: REDACTED,
        body: `{"note":"key is ${REDACTED}"}`,
      });
      await call("GET", `/flows/${id}/events`);
      const send = (await call("GET", `/flows/${id}/nodes/send`)).body;
      expect(send.attempts[0].input.headers["x-api-key"]).toBe("[secret:canary]");
      expect(send.attempts[0].input.body).toEqual({ note: "key is [secret:canary]" });
      const note = (await call("GET", `/flows/${id}/nodes/note`)).body;
      expect(note.attempts[0].logs).toMatchObject([{ message: `using ${REDACTED}` }]);
      const attempts = (await call("GET", `/flows/${id}/attempts`)).body.items as Array<Record<string, unknown>>;
      expect(attempts.filter((a) => a.nodeId === "flaky").map((a) => a.status)).toEqual(["retrying", "completed"]);
    }
    await call("GET", "/flows?limit=100");
    await call("GET", "/audit?limit=500");
    const listed = await call("GET", "/secrets");
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        name: "canary",
        usedBy: [{ flowType: "secret-canary", nodes: ["flaky", "note", "send"] }],
      }),
    ]);

    const { text: eventsText } = await bed.events();
    const dump = await bed.dump();
    expect(dump).toContain("COPY public.secrets");
    expect(dump).toContain("COPY public.node_attempts");
    expect(eventsText).toContain(`/flaky/${REDACTED}/`);
    const logText = bed.logs.join("");
    expect(logText.match(/using \[redacted\]/g)).toHaveLength(RUNS);

    const places = { logs: logText, answers: answers.join("\n"), events: eventsText, pgDump: dump };
    const leaks: string[] = [];
    for (const form of [CANARY, Buffer.from(CANARY).toString("base64"), Buffer.from(CANARY).toString("base64url")])
      for (const [place, text] of Object.entries(places)) if (text.includes(form)) leaks.push(`${place}: ${form}`);
    expect(leaks).toEqual([]);
  });
});
