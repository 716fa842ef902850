/**
 * A flood of random API keys from one client address, over real sockets on both databases: after
 * MFO_AUTH_FAILURE_LIMIT failures the address is answered 429 before its key is looked up, the audit log holds
 * one counted auth.failed row per address and minute, /healthz stays fast, a key this process knows still works
 * from the blocked address, and another address is not blocked.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditEntry } from "@mfo/schemas";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { type ServedRuntime, serveTestRuntime, testConfig } from "../testing/cli-harness.js";
import { createTestDatabase } from "../testing/postgres-server.js";
import { createApp } from "./app.js";

const LIMIT = 20;
const FLOOD = 300;
const AT_ONCE = 10;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request from a chosen local address (the whole of 127/8 is loopback on Linux). */
function send(url: string, path: string, init: { key?: string; from?: string; method?: string; body?: unknown } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const headers: Record<string, string> = init.key ? { authorization: `Bearer ${init.key}` } : {};
    const text = init.body === undefined ? undefined : JSON.stringify(init.body);
    if (text !== undefined) headers["content-type"] = "application/json";
    const req = request(
      `${url}${path}`,
      { method: init.method ?? "GET", headers, localAddress: init.from ?? "127.0.0.1" },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

const randomKey = () => `mfo_${randomBytes(32).toString("base64url")}`;

describe.each(["pglite", "postgres"] as const)("a flood of bad keys on %s", (driver) => {
  let served: ServedRuntime;
  let dataDir: string;
  let admin: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-flood-"));
    const databaseUrl = driver === "postgres" ? await createTestDatabase(inject("postgresUrl")) : undefined;
    served = await serveTestRuntime(testConfig(dataDir, { databaseUrl, authFailureLimit: LIMIT }));
    admin = served.runtime.adminKey;
  });
  afterAll(async () => {
    await served?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers 429 after the limit without writing, counts the failures in one row a minute, and keeps serving", async () => {
    // The admin key is used once before the flood: this process knows it from then on.
    expect((await send(served.url, "/api/v1/flows", { key: admin })).status).toBe(200);
    const made = await send(served.url, "/api/v1/api-keys", {
      key: admin,
      method: "POST",
      body: { tenant: "default", role: "viewer", name: "never used before the flood" },
    });
    expect(made.status).toBe(201);
    const unseen = (JSON.parse(made.body) as { key: string }).key;

    let flooding = true;
    let slowestHealth = 0;
    const health = (async () => {
      while (flooding) {
        const started = performance.now();
        expect((await send(served.url, "/healthz")).status).toBe(200);
        slowestHealth = Math.max(slowestHealth, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const answers: Answer[] = [];
    for (let sent = 0; sent < FLOOD; sent += AT_ONCE) {
      const batch = Array.from({ length: AT_ONCE }, () => send(served.url, "/api/v1/flows", { key: randomKey() }));
      answers.push(...(await Promise.all(batch)));
    }
    flooding = false;
    await health;

    const failed = answers.filter((a) => a.status === 401).length;
    const limited = answers.filter((a) => a.status === 429);
    // Requests in flight together are all checked before any of them fails, so a batch may overshoot by its size.
    expect(failed).toBeGreaterThanOrEqual(LIMIT);
    expect(failed).toBeLessThan(LIMIT + AT_ONCE);
    expect(failed + limited.length).toBe(FLOOD);
    for (const answer of limited) {
      expect(answer.headers["content-type"]).toBe("application/problem+json");
      expect(JSON.parse(answer.body)).toMatchObject({
        status: 429,
        type: "https://mfo.dev/problems/auth-rate-limited",
      });
      const wait = Number(answer.headers["retry-after"]);
      expect(Number.isInteger(wait) && wait >= 1 && wait <= 60).toBe(true);
    }
    expect(slowestHealth).toBeLessThan(1_000);

    // Still blocked: no key, or a valid key this process has not verified yet, is not even looked up.
    expect((await send(served.url, "/api/v1/flows")).status).toBe(429);
    expect((await send(served.url, "/api/v1/flows", { key: unseen })).status).toBe(429);
    // A key this process knows works from the blocked address, and another address is not blocked.
    expect((await send(served.url, "/api/v1/flows", { key: admin })).status).toBe(200);
    expect((await send(served.url, "/api/v1/flows", { key: unseen, from: "127.0.0.2" })).status).toBe(200);
    expect((await send(served.url, "/api/v1/flows", { key: randomKey(), from: "127.0.0.3" })).status).toBe(401);

    const audit = await send(served.url, "/api/v1/audit?action=auth.failed&limit=500", { key: admin });
    expect(audit.status).toBe(200);
    const rows = (JSON.parse(audit.body) as { items: AuditEntry[] }).items;
    const flood = rows.filter((row) => row.detail?.address === "127.0.0.1");
    // One row per minute: the flood took less than a minute, so at most two (if it crossed a minute's end).
    expect(flood.length).toBeGreaterThanOrEqual(1);
    expect(flood.length).toBeLessThanOrEqual(2);
    expect(flood.reduce((sum, row) => sum + Number(row.detail?.count), 0)).toBe(failed);
    expect(flood[0]).toMatchObject({
      tenant: null,
      actor: null,
      target: null,
      outcome: "denied",
      detail: { address: "127.0.0.1", status: 401, code: "unauthorized", method: "GET", path: "/api/v1/flows" },
    });
    expect(rows.filter((row) => row.detail?.address === "127.0.0.3")).toMatchObject([{ detail: { count: 1 } }]);
  });
});

describe("a blocked address, in-process", () => {
  let runtime: Runtime;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-flood-"));
    runtime = await createRuntime(testConfig(dataDir));
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is answered without touching the database, while another address still is checked", async () => {
    let touched = 0;
    // Every query starts by reading a property of the db (select, insert, transaction...): count them.
    const db = new Proxy(runtime.database.db, {
      get(target, property, receiver) {
        touched++;
        return Reflect.get(target, property, receiver);
      },
    });
    const app = createApp({
      db,
      registry: runtime.registry,
      engine: runtime.engine,
      events: runtime.events,
      catalogue: { handlers: [], validators: [] },
      secrets: runtime.secrets,
      log: { info() {}, error() {} },
      ready: async () => ({ ok: true, detail: "ready" }),
      authFailureLimit: 3,
    });
    // What @hono/node-server hands the app: the request's socket, whose remote address getConnInfo reads.
    const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remoteFamily: "IPv4" } } });
    const call = (address: string, key?: string) =>
      app.request("/api/v1/flows", key ? { headers: { authorization: `Bearer ${key}` } } : {}, from(address));

    for (let i = 0; i < 3; i++) expect((await call("10.0.0.1", randomKey())).status).toBe(401);
    expect(touched).toBeGreaterThan(0);
    touched = 0;
    for (let i = 0; i < 100; i++) expect((await call("10.0.0.1", i % 2 ? randomKey() : undefined)).status).toBe(429);
    expect(touched).toBe(0);
    expect((await call("10.0.0.2", randomKey())).status).toBe(401);
    expect(touched).toBeGreaterThan(0);
  });
});
