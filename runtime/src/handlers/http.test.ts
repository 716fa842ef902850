/**
 * The `http` handler end to end against servers on this machine's loopback only: the allowed server on
 * 127.0.0.1 answers, every refused target is a loopback server that counts requests and must count none.
 * No test builds a request to a non-loopback address.
 */
import type { LookupAddress } from "node:dns";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createTcpServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpHandler, type HttpHandlerOptions } from "./http.js";
import { type HandlerContext, HandlerError } from "./types.js";

interface TestServer {
  server: Server;
  port: number;
  requests: number;
}

type Route = (request: IncomingMessage, body: string, response: ServerResponse) => void;

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
}

const routes: Record<string, Route> = {
  "/echo": (request, body, response) =>
    json(response, 200, { method: request.method, url: request.url, headers: request.headers, body }),
  // ?status=&type=&body=&repeat=&chunked=1 : answers as told; chunked leaves out content-length.
  "/respond": (request, _body, response) => {
    const query = new URL(request.url ?? "/", "http://x").searchParams;
    const body = (query.get("body") ?? "").repeat(Number(query.get("repeat") ?? 1));
    const type = query.get("type");
    const chunked = query.get("chunked") !== null;
    const length = chunked ? {} : { "content-length": String(Buffer.byteLength(body)) };
    response.writeHead(
      Number(query.get("status") ?? 200),
      type === null ? length : { ...length, "content-type": type },
    );
    for (let i = 0; i < body.length; i += 512) response.write(body.slice(i, i + 512));
    response.end();
  },
  "/slow": () => {
    // never answers: the attempt's signal must end the call
  },
  "/redirect": (request, _body, response) => {
    const query = new URL(request.url ?? "/", "http://x").searchParams;
    response.writeHead(Number(query.get("code") ?? 302), { location: query.get("to") ?? "/echo" }).end();
  },
  "/loop": (_request, _body, response) => {
    response.writeHead(302, { location: "/loop" }).end();
  },
};

function startServer(host: string): Promise<TestServer> {
  const state = { requests: 0 } as TestServer;
  state.server = createServer((request, response) => {
    state.requests++;
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      const route = routes[new URL(request.url ?? "/", "http://x").pathname];
      if (route) route(request, body, response);
      else json(response, 404, { error: "no route" });
    });
  });
  return new Promise((resolve) => {
    state.server.listen(0, host, () => {
      state.port = (state.server.address() as AddressInfo).port;
      resolve(state);
    });
  });
}

function stopServer(test: TestServer): Promise<void> {
  test.server.closeAllConnections();
  return new Promise((resolve) => test.server.close(() => resolve()));
}

function context(signal: AbortSignal = new AbortController().signal): HandlerContext {
  const quiet = () => {};
  return {
    instanceId: "i-1",
    nodeId: "call",
    attempt: 2,
    idempotencyKey: "i-1:call:2",
    context: { input: {}, phases: {}, vars: {} },
    signal,
    logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  };
}

/** Resolves only `*.test` names from a table, so no test depends on (or leaks to) real DNS. */
function resolver(table: Record<string, string>) {
  return async (hostname: string): Promise<LookupAddress[]> => {
    const address = table[hostname];
    if (address === undefined) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return [{ address, family: address.includes(":") ? 6 : 4 }];
  };
}

async function failure(promise: Promise<unknown>): Promise<HandlerError> {
  const error = await promise.then(
    (value) => new Error(`expected a failure, got ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandlerError);
  return error as HandlerError;
}

let v4: TestServer;
let v6: TestServer;
let base: string;

beforeAll(async () => {
  v4 = await startServer("127.0.0.1");
  v6 = await startServer("::1");
  base = `http://127.0.0.1:${v4.port}`;
});

afterAll(async () => {
  await Promise.all([stopServer(v4), stopServer(v6)]);
});

type Result = {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> & { headers: Record<string, string> };
};

/** A URL of the allowed server's /respond route. */
function respond(query: Record<string, string>): string {
  return `${base}/respond?${new URLSearchParams(query)}`;
}

/** Runs a handler that may call 127.0.0.1 (and what `options` add) and nothing else private. */
async function call(params: Record<string, unknown>, options?: Partial<HttpHandlerOptions>, ctx = context()) {
  return (await createHttpHandler({ allowHosts: ["127.0.0.1"], ...options }).run(params, ctx)) as Result;
}

describe("http handler: requests and responses", () => {
  it("returns status, headers and the parsed JSON body", async () => {
    const result = await call({ url: `${base}/echo` });
    expect(result.status).toBe(200);
    expect(result.headers["content-type"]).toBe("application/json");
    expect(result.body.method).toBe("GET");
  });

  it("sends the attempt's idempotency key and asks for JSON", async () => {
    const { body } = await call({ url: `${base}/echo` });
    expect(body.headers["idempotency-key"]).toBe("i-1:call:2");
    expect(body.headers.accept).toBe("application/json");
  });

  it("appends query params and sends object bodies as JSON with the given method and headers", async () => {
    const { body } = await call({
      method: "POST",
      url: `${base}/echo?a=1`,
      query: { b: "two", c: 3, d: true },
      headers: { "X-Trace": "t-1" },
      body: { assets: [1, 2] },
    });
    expect(body.method).toBe("POST");
    expect(body.url).toBe("/echo?a=1&b=two&c=3&d=true");
    expect(body.headers["x-trace"]).toBe("t-1");
    expect(body.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(body.body as string)).toEqual({ assets: [1, 2] });
  });

  it("sends a string body as text", async () => {
    const { body } = await call({ method: "PUT", url: `${base}/echo`, body: "plain" });
    expect(body.body).toBe("plain");
    expect(body.headers["content-type"]).toBe("text/plain; charset=utf-8");
  });

  it("returns the text of a text response", async () => {
    expect(
      (await call({ url: respond({ type: "text/plain; charset=utf-8", body: "héllo" }), responseType: "text" })).body,
    ).toBe("héllo");
  });

  it("gives a null body for an empty JSON response and for HEAD", async () => {
    expect((await call({ url: respond({ status: "204" }) })).body).toBeNull();
    expect((await call({ method: "HEAD", url: `${base}/echo` })).body).toBeNull();
  });

  it("fails on invalid JSON in a json response, not retryable", async () => {
    const error = await failure(call({ url: respond({ type: "application/json", body: "{not json" }) }));
    expect(error.code).toBe("invalid-json");
    expect(error.retryable).toBe(false);
  });

  it.each([
    ["declared", {}],
    ["streamed", { chunked: "1" }],
  ])("caps the response body size (%s length)", async (_label, extra) => {
    const url = respond({ body: "x", repeat: "4096", ...extra });
    const error = await failure(call({ url, responseType: "text" }, { maxResponseBytes: 1000 }));
    expect(error.code).toBe("response-too-large");
    expect(error.retryable).toBe(false);
  });

  it("refuses a header value with a line break before sending anything", async () => {
    const before = v4.requests;
    const error = await failure(call({ url: `${base}/echo`, headers: { "X-Evil": "a\r\nHost: elsewhere" } }));
    expect(error.code).toBe("invalid-request");
    expect(v4.requests).toBe(before);
  });
});

describe("http handler: statuses, timeouts", () => {
  it.each([
    [500, true],
    [503, true],
    [429, true],
    [404, false],
    [400, false],
    [409, false],
  ])("fails on status %i, retryable %s", async (status, retryable) => {
    const error = await failure(call({ url: respond({ status: String(status), body: "{}" }) }));
    expect(error.code).toBe("http-status");
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain(String(status));
    expect(error.message).not.toContain("status="); // the query may hold secrets
  });

  it("treats the listed successStatus values as success", async () => {
    const result = await call({ url: respond({ status: "404", body: "{}" }), successStatus: [200, 404] });
    expect(result.status).toBe(404);
    expect(await failure(call({ url: respond({ status: "201", body: "{}" }), successStatus: [200] }))).toBeInstanceOf(
      HandlerError,
    );
  });

  it("stops when the attempt's signal times out, retryable", async () => {
    const started = Date.now();
    const error = await failure(call({ url: `${base}/slow` }, {}, context(AbortSignal.timeout(100))));
    expect(error.code).toBe("timeout");
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("ends a call at its own time limit when the attempt's signal never aborts, retryable", async () => {
    const error = await failure(call({ url: `${base}/slow` }, { timeoutMs: 100 }));
    expect(error.code).toBe("timeout");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("within 100 ms");
  });

  it("bounds the connection: a server that accepts TCP but never speaks TLS fails the call as a timeout", async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket)); // holds sockets open, never answers TLS
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const error = await failure(call({ url: `https://127.0.0.1:${port}/` }, { connectTimeoutMs: 100 }));
      expect(error.code).toBe("timeout");
      expect(error.message).toContain("no connection");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("bounds the name lookup of a host that never resolves", async () => {
    const never = () => new Promise<LookupAddress[]>(() => {});
    const error = await failure(call({ url: "http://hangs.test/" }, { connectTimeoutMs: 100, resolve: never }));
    expect(error.code).toBe("timeout");
    expect(error.message).toContain("hangs.test not resolved");
  });

  it("reports a refused connection as a retryable network error", async () => {
    const closed = await startServer("127.0.0.1");
    const port = closed.port;
    await stopServer(closed);
    const error = await failure(call({ url: `http://127.0.0.1:${port}/` }));
    expect(error.code).toBe("network-error");
    expect(error.retryable).toBe(true);
  });
});

describe("http handler: SSRF guard", () => {
  it.each([
    (p4: number) => `http://127.0.0.1:${p4}/echo`,
    (p4: number) => `http://localhost:${p4}/echo`,
    (p4: number) => `http://[::ffff:127.0.0.1]:${p4}/echo`,
    (p4: number) => `http://[::ffff:7f00:1]:${p4}/echo`,
    (p4: number) => `http://2130706433:${p4}/echo`,
    (_p4: number, p6: number) => `http://[::1]:${p6}/echo`,
  ])("refuses loopback target #%# without an allow list, and the server sees nothing", async (target) => {
    const before = [v4.requests, v6.requests];
    const url = target(v4.port, v6.port);
    const error = await failure(createHttpHandler().run({ url }, context()));
    expect(error.code).toBe("ssrf-refused");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`"${new URL(url).hostname.replace(/^\[|\]$/g, "")}"`);
    expect([v4.requests, v6.requests]).toEqual(before);
  });

  it("refuses a name that resolves to loopback, checking the address rather than the name", async () => {
    const before = v4.requests;
    const handler = createHttpHandler({ resolve: resolver({ "innocent.test": "127.0.0.1" }) });
    const error = await failure(handler.run({ url: `http://innocent.test:${v4.port}/echo` }, context()));
    expect(error.code).toBe("ssrf-refused");
    expect(error.message).toContain("127.0.0.1");
    expect(v4.requests).toBe(before);
  });

  it("connects to the address it checked: an allowed name reaches the resolved server with its own Host", async () => {
    const handler = createHttpHandler({
      allowHosts: ["pinned.test"],
      resolve: resolver({ "pinned.test": "127.0.0.1" }),
    });
    const result = (await handler.run({ url: `http://pinned.test:${v4.port}/echo` }, context())) as Result;
    expect(result.body.headers.host).toBe(`pinned.test:${v4.port}`);
  });

  it("follows a redirect within the allowed server", async () => {
    const result = await call({ url: `${base}/redirect?to=/echo%3Fhop%3D1` });
    expect(result.body.url).toBe("/echo?hop=1");
  });

  it.each([
    ["localhost", (p4: number) => `http://localhost:${p4}/echo`],
    ["::1", (_p4: number, p6: number) => `http://[::1]:${p6}/echo`],
    ["::ffff:7f00:1", (p4: number) => `http://[::ffff:127.0.0.1]:${p4}/echo`],
  ])("refuses a redirect from the allowed server to %s", async (host, target) => {
    const before = [v4.requests, v6.requests];
    const to = encodeURIComponent(target(v4.port, v6.port));
    const error = await failure(call({ url: `${base}/redirect?to=${to}` }));
    expect(error.code).toBe("ssrf-refused");
    expect(error.message).toContain(`"${host}"`);
    // Only the redirecting request itself arrived.
    expect([v4.requests, v6.requests]).toEqual([(before[0] as number) + 1, before[1]]);
  });

  it("refuses a redirect to a scheme other than http(s)", async () => {
    const error = await failure(call({ url: `${base}/redirect?to=${encodeURIComponent("file:///etc/passwd")}` }));
    expect(error.code).toBe("ssrf-refused");
  });

  it("follows at most 5 redirects", async () => {
    const before = v4.requests;
    const error = await failure(call({ url: `${base}/loop` }));
    expect(error.code).toBe("too-many-redirects");
    expect(v4.requests - before).toBe(6);
  });

  it("turns POST into GET without a body on 303, and keeps both on 307", async () => {
    const post = { method: "POST", body: { a: 1 } };
    const after303 = await call({ ...post, url: `${base}/redirect?code=303&to=/echo` });
    expect(after303.body.method).toBe("GET");
    expect(after303.body.body).toBe("");
    const after307 = await call({ ...post, url: `${base}/redirect?code=307&to=/echo` });
    expect(after307.body.method).toBe("POST");
    expect(after307.body.body).toBe('{"a":1}');
  });

  it("drops credentials when a redirect leaves the origin", async () => {
    const options = { allowHosts: ["127.0.0.1", "other.test"], resolve: resolver({ "other.test": "127.0.0.1" }) };
    const to = encodeURIComponent(`http://other.test:${v4.port}/echo`);
    const result = (await createHttpHandler(options).run(
      { url: `${base}/redirect?to=${to}`, headers: { Authorization: "Bearer secret", "X-Keep": "yes" } },
      context(),
    )) as Result;
    expect(result.body.headers.authorization).toBeUndefined();
    expect(result.body.headers["x-keep"]).toBe("yes");
  });
});
