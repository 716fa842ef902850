/**
 * The Node server's limits against slow and oversized clients (slowloris): with small limits set through the
 * configuration, a half-sent head, a half-sent body and an idle kept-alive connection are each closed within
 * their bound, and an oversized head is refused; the server keeps answering others meanwhile.
 */
import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "./config.js";
import { listen } from "./http-server.js";

const config = readConfig({
  MFO_HEADERS_TIMEOUT_MS: "400",
  MFO_REQUEST_TIMEOUT_MS: "800",
  MFO_KEEP_ALIVE_TIMEOUT_MS: "300",
  MFO_MAX_HEADER_BYTES: "2048",
});
/** How late a close may come: the sweep interval (a quarter of the head timeout) and a loaded machine. */
const SLACK_MS = 700;

let server: Server;
let port: number;

beforeAll(async () => {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  // A body cut off by the request timeout rejects the read: answered (to no one) instead of logged as an error.
  app.post("/echo", async (c) => c.text(await c.req.text().catch(() => "")));
  server = await listen(app, { port: 0, host: "127.0.0.1", limits: config.server });
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Opens a socket, writes `text`, and resolves with what came back and how long until the server closed it. */
function hold(text: string): Promise<{ ms: number; received: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let received = "";
    const socket: Socket = connect(port, "127.0.0.1", () => socket.write(text));
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => resolve({ ms: performance.now() - started, received }));
    // Never hang the test: a server that keeps the socket open fails the bound below.
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

describe("the Node server's limits", () => {
  it("reads them from the environment and refuses a head timeout longer than the request timeout", () => {
    expect(config.server).toEqual({
      headersTimeoutMs: 400,
      requestTimeoutMs: 800,
      keepAliveTimeoutMs: 300,
      maxHeaderBytes: 2048,
    });
    expect(() => readConfig({ MFO_HEADERS_TIMEOUT_MS: "5000", MFO_REQUEST_TIMEOUT_MS: "1000" })).toThrow(
      /MFO_HEADERS_TIMEOUT_MS must not be more than MFO_REQUEST_TIMEOUT_MS/,
    );
    expect(() => readConfig({ MFO_MAX_HEADER_BYTES: "12" })).toThrow(/MFO_MAX_HEADER_BYTES/);
  });

  it("closes a connection whose head never ends within the head timeout, and keeps serving others", async () => {
    const slow = hold("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    const others = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(others.status).toBe(200);
    const { ms, received } = await slow;
    expect(ms).toBeGreaterThanOrEqual(config.server.headersTimeoutMs - 50);
    expect(ms).toBeLessThan(config.server.headersTimeoutMs + SLACK_MS);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it("closes a connection whose body never ends within the request timeout", async () => {
    const { ms, received } = await hold(
      "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly part",
    );
    expect(ms).toBeGreaterThanOrEqual(config.server.requestTimeoutMs - 50);
    expect(ms).toBeLessThan(config.server.requestTimeoutMs + SLACK_MS);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it("closes an idle kept-alive connection after the keep-alive timeout", async () => {
    const { ms, received } = await hold("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    // Node 24 keeps the socket a buffer (1 s by default) past the timeout it advertises, so a client reusing the
    // connection just as the advertised time ends does not race the close.
    const buffer = (server as { keepAliveTimeoutBuffer?: number }).keepAliveTimeoutBuffer ?? 0;
    expect(ms).toBeLessThan(config.server.keepAliveTimeoutMs + buffer + SLACK_MS);
  });

  it("refuses a head over the size limit with 431", async () => {
    const { received } = await hold(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(4096)}\r\n\r\n`);
    expect(received).toMatch(/^HTTP\/1\.1 431/);
  });
});
