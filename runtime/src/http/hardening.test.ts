/**
 * The API's hardening, in-process: body size and depth limits, the write rate limit, URL checks, security
 * headers and CORS, on a runtime with the defaults and on one with MFO_RATE_LIMIT and MFO_CORS_ORIGINS set.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RouteSpec, routes, urlPathOf } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RuntimeConfig } from "../server/config.js";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { storeKey } from "../store/tenant-repository.js";
import { testConfig } from "../testing/cli-harness.js";
import { MAX_JSON_DEPTH } from "./body-checks.js";

const ALLOWED_ORIGIN = "https://ops.example.com";

interface Served {
  runtime: Runtime;
  dir: string;
  send(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
}

async function serve(overrides: Partial<RuntimeConfig> = {}): Promise<Served> {
  const dir = await mkdtemp(join(tmpdir(), "mfo-hardening-"));
  const runtime = await createRuntime(testConfig(dir, overrides));
  return {
    runtime,
    dir,
    send: async (path, { key = runtime.adminKey, headers, ...init } = {}) =>
      runtime.app.request(path, {
        ...init,
        headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...(headers as object) },
      }),
  };
}

async function close(served: Served | undefined): Promise<void> {
  await served?.runtime.close();
  if (served) await rm(served.dir, { recursive: true, force: true });
}

/** A problem+json answer's body, after checking it is one with the given status. */
async function problem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as { status: number; type: string; title: string; detail: string };
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  return body as typeof body & { errors?: Array<{ code?: string }> };
}

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const post = (body: string) => ({ method: "POST", body, headers: { "content-type": "application/json" } });

describe("API hardening with the defaults", () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve();
  });
  afterAll(() => close(served));

  it("answers 413 problem+json for a body over 1 MiB", async () => {
    const body = JSON.stringify({ flowType: "assessment", name: "x".repeat(1024 * 1024) });
    await problem(await served.send("/api/v1/flows", post(body)), 413);
  });

  // A raw-body route (a webhook call) parses its body only once the caller is authenticated (hook-calls.test.ts).
  it.each((routes as readonly RouteSpec[]).filter((r) => r.body !== undefined && !r.rawBody))(
    "refuses a body nested deeper than the limit with 422 on $method $path",
    async (spec) => {
      const path = urlPathOf(spec).replace(/:(\w+)/g, "fuzz");
      const body = `{"id":"fuzz","nodes":${nested(MAX_JSON_DEPTH)}}`;
      const answer = await problem(await served.send(path, { ...post(body), method: spec.method.toUpperCase() }), 422);
      expect(answer.errors?.[0]?.code).toBe("too-deep");
    },
  );

  it("accepts nesting up to the limit and refuses half a million levels without overflowing the stack", async () => {
    const atLimit = await served.send("/api/v1/flow-types/deep/draft", {
      ...post(`{"nodes":${nested(MAX_JSON_DEPTH - 1)}}`),
      method: "PUT",
    });
    expect(atLimit.status).toBe(200);
    const huge = await problem(await served.send("/api/v1/flow-types/validate", post(nested(500_000))), 422);
    expect(huge.errors?.[0]?.code).toBe("too-deep");
  });

  it("refuses a NUL character in a body's strings with 422, while an escaped backslash before u0000 is fine", async () => {
    const draft = (body: string) => served.send("/api/v1/flow-types/nul/draft", { ...post(body), method: "PUT" });
    const answer = await problem(await draft(String.raw`{"name":"a\u0000b"}`), 422);
    expect(answer.errors?.[0]?.code).toBe("nul-character");
    expect((await draft(String.raw`{"name":"a\\u0000b"}`)).status).toBe(200);
  });

  it("does not limit writes when MFO_RATE_LIMIT is 0", async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++)
      statuses.add((await served.send(`/api/v1/flows/${randomUUID()}/pause`, post(""))).status);
    expect([...statuses]).toEqual([404]);
  });

  it("checks every declared query parameter: a value of the wrong type, or given twice, is a 422", async () => {
    for (const spec of (routes as readonly RouteSpec[]).filter((r) => r.query)) {
      for (const [name, { type }] of Object.entries(spec.query ?? {})) {
        const wrong = type === "integer" ? "12abc" : type === "boolean" ? "maybe" : "a\u0000b";
        const method = { method: spec.method.toUpperCase() };
        await problem(await served.send(`${urlPathOf(spec)}?${name}=${encodeURIComponent(wrong)}`, method), 422);
        await problem(await served.send(`${urlPathOf(spec)}?${name}=1&${name}=2`, method), 422);
      }
    }
  });

  it("answers 422 for a list filter or cursor no instance could match, never a database error", async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const query of [
      "status=sleeping",
      "limit=0",
      "limit=201",
      `cursor=${forged(["2024-01-01T00:00:00.000Z", "not-a-uuid"])}`,
      `cursor=${forged(["-100000-01-01T00:00:00.000Z", randomUUID()])}`,
      `cursor=${forged({ at: 1 })}`,
    ]) {
      await problem(await served.send(`/api/v1/flows?${query}`), 422);
    }
  });

  it("answers 404 for ids nothing can have, and 422 when a PUT would create one", async () => {
    await problem(await served.send(`/api/v1/flows/${"-".repeat(36)}`), 404);
    await problem(await served.send(`/api/v1/flow-types/${"a".repeat(300)}`), 404);
    await problem(await served.send("/api/v1/flow-types/a%00b"), 404);
    await problem(
      await served.send(`/api/v1/flow-types/${"a".repeat(300)}/draft`, { ...post("{}"), method: "PUT" }),
      422,
    );
  });

  it("sends security headers on the designer page, the docs, API answers and errors", async () => {
    for (const [path, key] of [
      ["/", null],
      ["/docs", null],
      ["/api/v1/flow-types", undefined],
      ["/api/v1/flow-types", null],
      ["/no/such/route", null],
    ] as const) {
      const response = await served.send(path, { key });
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
  });

  it("lets pages run only same-origin scripts or inline scripts carrying the answer's nonce", async () => {
    for (const path of ["/", "/docs"]) {
      const response = await served.send(path, { key: null });
      const csp = response.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      const scripts = [...(await response.text()).matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] as string);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const attributes of scripts) {
        const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1];
        if (src !== undefined) expect(src, path).toMatch(/^\/(?!\/)/);
        else expect(attributes, path).toContain(`nonce="${nonce}"`);
      }
    }
    for (const path of ["/api/v1/flow-types", "/docs"]) {
      const response = await served.send(path);
      expect(response.headers.get("content-security-policy"), path).not.toContain("unsafe-eval");
    }
  });

  it("sends no CORS headers by default, to simple requests and preflights alike", async () => {
    const origin = { origin: ALLOWED_ORIGIN, "access-control-request-method": "POST" };
    for (const response of [
      await served.send("/api/v1/flow-types", { headers: origin }),
      await served.send("/api/v1/flows", { method: "OPTIONS", headers: origin, key: null }),
    ]) {
      expect([...response.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    }
  });
});

describe("API hardening with MFO_RATE_LIMIT and MFO_CORS_ORIGINS set", () => {
  let served: Served;
  const otherKey = "hardening-second-operator-key";
  beforeAll(async () => {
    served = await serve({ rateLimit: 1, corsOrigins: [ALLOWED_ORIGIN] });
    await storeKey(served.runtime.database.db, "default", "operator", "second", otherKey);
  });
  afterAll(() => close(served));

  it("answers 429 problem+json with Retry-After in whole seconds once a key is over its write limit", async () => {
    // 1 write per second, bursts of 2: 20 writes in a row cannot all pass unless each took half a second.
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await served.send(`/api/v1/flows/${randomUUID()}/cancel`, post("")));
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(answers.every((r) => r.status === 404 || r.status === 429)).toBe(true);
    for (const response of limited) {
      expect(response.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
      expect((await problem(response, 429)).type).toMatch(/rate-limited$/);
    }
  });

  it("limits each key on its own, and never limits reads", async () => {
    for (let i = 0; i < 20; i++) await served.send(`/api/v1/flows/${randomUUID()}/cancel`, post(""));
    expect((await served.send(`/api/v1/flows/${randomUUID()}/cancel`, { ...post(""), key: otherKey })).status).toBe(
      404,
    );
    for (let i = 0; i < 20; i++) expect((await served.send("/api/v1/flow-types")).status).toBe(200);
  });

  it("answers a listed origin with CORS headers, preflight included, and an unlisted one with none", async () => {
    const read = await served.send("/api/v1/flow-types", { headers: { origin: ALLOWED_ORIGIN } });
    expect(read.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(read.headers.get("access-control-expose-headers")).toContain("retry-after");
    expect(read.headers.get("vary")).toContain("Origin");
    const preflight = await served.send("/api/v1/flows", {
      method: "OPTIONS",
      key: null,
      headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");

    const other = await served.send("/api/v1/flow-types", { headers: { origin: "https://evil.example.com" } });
    expect(other.status).toBe(200);
    expect([...other.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    expect(other.headers.get("vary")).toContain("Origin");
  });
});
