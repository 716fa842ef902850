/**
 * Fuzz: generated requests to every route of the route table (so a new route is fuzzed without touching this
 * file), in-process on PGlite, with malformed bodies, ids, headers and query strings mixed with valid keys of
 * every role and ids that exist. Whatever comes in, the API answers without a 5xx, without an error the app had
 * to catch blind, without an unhandled rejection, and every refusal is problem+json. The seed is fixed
 * (MFO_FUZZ_SEED overrides it) and fast-check prints it with any failure.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { type BodyRef, type Role, type RouteSpec, routes, urlPathOf } from "@mfo/schemas";
import { emptyFlow, sampleFlow } from "@mfo/schemas/testing";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { createTenant, storeKey } from "../store/tenant-repository.js";
import { testConfig } from "../testing/cli-harness.js";

const SEED = Number(process.env.MFO_FUZZ_SEED ?? 20_250_605);
const TOTAL_REQUESTS = 10_000;
const ROUTES = routes as readonly RouteSpec[];
const RUNS_PER_ROUTE = Math.ceil(TOTAL_REQUESTS / ROUTES.length);
/** A request that has not answered by then counts as hung. */
const ANSWER_WITHIN_MS = 10_000;

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

const describeRequest = (r: FuzzRequest) =>
  JSON.stringify({
    ...r,
    body: typeof r.body === "string" ? r.body.slice(0, 300) : r.body && `${r.body.length} bytes`,
  });

// ---- What exists in the database, so that part of the requests get past the 404s.
const ROLES: Role[] = ["viewer", "operator", "architect", "admin"];
/** A key of each role in tenant "default", and an admin key of tenant "other". */
const keys: Record<Role | "other", string> = {
  ...(Object.fromEntries(ROLES.map((role) => [role, `fuzz-${role}-key`])) as Record<Role, string>),
  other: "fuzz-other-tenant-admin",
};
const known = { instances: [] as string[], apiKeys: [] as string[], flowTypes: ["assessment", "discovery", "sample"] };

// ---- Generators.
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)) });
const oddText = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 5_000 }),
  fc.constantFrom("", " ", "..", "../../etc/passwd", "%2e%2e%2f%2e%2e%2f", "%", "%E0%A4%A", "%00", "\u0000", "\uD800"),
  fc.constantFrom("😀", "a/b", "a\\b", "' OR '1'='1", "-".repeat(36), "0", "-1", "1e3", "NaN", "null", "true"),
  fc.uuid(),
);

function idsFor(spec: RouteSpec, param: string): string[] {
  if (param === "version") return ["1", "2"];
  if (spec.path.startsWith("/flows")) return known.instances;
  if (spec.path.startsWith("/api-keys")) return known.apiKeys;
  if (spec.path.startsWith("/flow-types")) return known.flowTypes;
  return [];
}

/** Percent-encoded as a browser would (it sends a lone surrogate as U+FFFD). */
const encode = (text: string) => encodeURIComponent(text.replace(/\p{Cs}/gu, "\uFFFD"));
/** A value put into the URL, percent-encoded or as it is (then the URL parser and the router make what they can of it). */
const inUrl = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.boolean()).map(([value, raw]) => (raw ? value : encode(value)));

const param = (spec: RouteSpec, name: string) => {
  const ids = idsFor(spec, name);
  return ids.length > 0
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids).map(encode) }, inUrl(oddText))
    : inUrl(oddText);
};

const queryString = (spec: RouteSpec) => {
  const names = [...Object.keys(spec.query ?? {}), "limit", "cursor", "after"];
  const pair = fc.tuple(
    inUrl(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...names) }, oddText)),
    inUrl(fc.oneof(fc.constantFrom("1", "50", "500", "true", "false", "running", "2024-01-01T00:00:00Z"), oddText)),
  );
  return fc
    .array(pair, { maxLength: 4 })
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}` : ""));
};

const headers = fc
  .record(
    {
      authorization: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...Object.values(keys)).map((k) => `Bearer ${k}`) },
        fc.constantFrom("Bearer", "Bearer ", "bearer  a b", "Basic dXNlcjpwYXNz", "Token abc", "Bearer mfo_unknown"),
        latin1,
      ),
      "content-type": fc.oneof(
        fc.constantFrom("application/json", "text/plain", "application/json; charset=latin1", "multipart/form-data"),
        latin1,
      ),
      "last-event-id": fc.oneof(fc.constantFrom("0", "3", "-1", "1.5", "99999999999999999999", " 2 "), latin1),
      prefer: fc.oneof(
        fc.constantFrom("wait=1", "wait=0.01", "wait", "wait=-1", "respond-async, wait=5", 'wait="2"'),
        latin1,
      ),
    },
    { requiredKeys: [] },
  )
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

/** A body each kind of route accepts, to mutate from; kinds without one start from {}. */
function template(kind: BodyRef | undefined): Record<string, unknown> {
  const templates: Partial<Record<BodyRef, Record<string, unknown>>> = {
    flowDefinition: sampleFlow() as unknown as Record<string, unknown>,
    json: sampleFlow() as unknown as Record<string, unknown>,
    createInstanceRequest: { flowType: "assessment", input: { application: "fuzz" }, name: "fuzz" },
    executeRequest: { decision: "approve", comment: "fuzz" },
    createTenantRequest: { id: "fuzz-tenant", name: "Fuzz" },
    createApiKeyRequest: { tenant: "default", role: "viewer", name: "fuzz" },
  };
  return structuredClone(templates[kind as BodyRef] ?? {});
}

const body = (spec: RouteSpec): fc.Arbitrary<string | Uint8Array<ArrayBuffer> | undefined> => {
  const base = template(spec.body);
  const fields = Object.keys(base).length ? Object.keys(base) : ["id"];
  return fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      "",
      "  \n",
      "null",
      "true",
      "1",
      '"text"',
      "[]",
      "{}",
      "{",
      '{"a":1,}',
      String.raw`{"name":"\u0000"}`,
    ),
    { weight: 3, arbitrary: fc.constant(JSON.stringify(base)) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 4 }))
        .map(([field, value]) => JSON.stringify({ ...base, [field]: value })),
    },
    fc.jsonValue().map((value) => JSON.stringify(value)),
    // Large strings, and bodies just over the size limit (stored megabytes would only slow the run down).
    fc
      .oneof(fc.integer({ min: 1_000, max: 100_000 }), fc.constant(1_100_000))
      .map((n) => JSON.stringify({ ...base, name: "x".repeat(n) })),
    fc.oneof(fc.integer({ min: 1, max: 120 }), fc.constant(300_000)).map(nested),
    fc.integer({ min: 1, max: 2_000 }).map((cut) => JSON.stringify(base).slice(0, cut)),
    fc.uint8Array({ maxLength: 300 }),
  );
};

const request = (spec: RouteSpec): fc.Arbitrary<FuzzRequest> => {
  const names = [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
  const method = spec.method.toUpperCase();
  return fc
    .record({
      params: fc.tuple(...names.map((name) => param(spec, name))),
      query: queryString(spec),
      headers,
      body: method === "GET" ? fc.constant(undefined) : body(spec),
    })
    .map(({ params, query, headers, body }) => {
      let i = 0;
      const url = `${urlPathOf(spec).replace(/:(\w+)/g, () => params[i++] as string)}${query}`;
      return { method, url, headers, ...(body === undefined ? {} : { body }) };
    });
};

const unknownRoute: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
  url: fc
    .tuple(fc.constantFrom("/api/v1/", "/api/", "/api/v2/"), inUrl(oddText))
    .map(([prefix, rest]) => prefix + rest),
  headers,
});

// ---- Sending and judging.
let runtime: Runtime;
let dataDir: string;
const blindErrors: string[] = [];
/** Every error-level log line by message, reported with the totals (an audit row that could not be written…). */
const loggedErrors = new Map<string, number>();
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);
let sent = 0;
let busyMs = 0;

async function send(r: FuzzRequest): Promise<void> {
  const hangUp = new AbortController();
  const init: RequestInit = { method: r.method, headers: r.headers, signal: hangUp.signal };
  if (r.body !== undefined) init.body = r.body;
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  try {
    const response = await Promise.race([
      runtime.app.request(r.url, init),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS);
      }),
    ]);
    sent++;
    const type = response.headers.get("content-type") ?? "";
    if (type.startsWith("text/event-stream")) {
      // A live stream never ends by itself: take what comes at once, then hang up as a client going away does.
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await Promise.race([reader.read(), new Promise((resolve) => setTimeout(resolve, 20))]);
      hangUp.abort();
      await reader.cancel();
      expect(response.status).toBe(200);
      return;
    }
    const text = await response.text();
    expect(response.status, `5xx: ${text}`).toBeLessThan(500);
    if (response.status < 300) return;
    expect(type, `${response.status} without problem+json: ${text.slice(0, 300)}`).toMatch(
      /^application\/problem\+json/,
    );
    const problem = JSON.parse(text) as Record<string, unknown>;
    expect(problem).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
      status: response.status,
    });
  } catch (error) {
    throw new Error(`${describeRequest(r)}\n${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
    busyMs += performance.now() - started;
    expect(blindErrors, `the app caught an unexpected error on ${describeRequest(r)}`).toEqual([]);
  }
}

const fuzz = (arbitrary: fc.Arbitrary<FuzzRequest>, seed: number, numRuns: number) => {
  blindErrors.length = 0;
  return fc.assert(fc.asyncProperty(arbitrary, send), { seed, numRuns, endOnFailure: true });
};

describe("fuzzed API", () => {
  beforeAll(async () => {
    process.on("unhandledRejection", onCrash);
    process.on("uncaughtException", onCrash);
    dataDir = await mkdtemp(join(tmpdir(), "mfo-fuzz-"));
    // Errors the app's onError could not place (anything but a refusal) are logged at "error": each one fails.
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        const line = JSON.parse(String(chunk)) as { msg?: string; err?: string };
        if (line.msg === "unhandled error") blindErrors.push(line.err ?? "");
        loggedErrors.set(line.msg ?? "", (loggedErrors.get(line.msg ?? "") ?? 0) + 1);
        done();
      },
    });
    // Creates that wait (?wait=, Prefer: wait=) wait at most 50 ms: the fuzz sends thousands.
    runtime = await createRuntime(testConfig(dataDir, { logLevel: "error", maxCreateWaitSeconds: 0.05 }), {
      logStream,
    });
    const { db } = runtime.database;
    await createTenant(db, { id: "other", name: "Other" });
    for (const role of ROLES) await storeKey(db, "default", role, role, keys[role]);
    await storeKey(db, "other", "admin", "other admin", keys.other);
    // Keys only there to be revoked: revoking those the fuzz sends with would turn the rest into 401s.
    for (const n of [1, 2])
      known.apiKeys.push(await storeKey(db, "default", "viewer", `spare ${n}`, `fuzz-spare-${n}`));
    const post = async (key: string, path: string, body: unknown) => {
      const response = await runtime.app.request(path, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { id?: string };
    };
    // The sample's subflow runs "assessment", which the other tenant has to have published first.
    await post(keys.other, "/api/v1/flow-types", emptyFlow("assessment", "Assessment"));
    await post(keys.other, "/api/v1/flow-types", sampleFlow());
    for (const [key, flowType, input] of [
      [keys.operator, "assessment", { application: "fuzz" }],
      [keys.operator, "assessment", { application: "fuzz" }],
      [keys.other, "sample", { count: 1 }],
    ] as const) {
      const created = await post(key, "/api/v1/flows", { flowType, input });
      if (created.id) known.instances.push(created.id);
    }
    await runtime.app.request("/api/v1/flow-types/sample/draft", {
      method: "PUT",
      headers: { authorization: `Bearer ${keys.architect}` },
      body: JSON.stringify(sampleFlow()),
    });
  });
  afterEach(() => {
    const seen = crashes.splice(0);
    expect(seen, "unhandled rejections or uncaught exceptions").toEqual([]);
  });
  afterAll(async () => {
    process.off("unhandledRejection", onCrash);
    process.off("uncaughtException", onCrash);
    await runtime?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("has instances to aim at in two tenants", () => {
    expect(known.instances).toHaveLength(3);
  });

  it.each(ROUTES.map((spec, i) => ({ spec, i, route: `${spec.method.toUpperCase()} ${urlPathOf(spec)}` })))(
    `answers ${RUNS_PER_ROUTE} generated requests to $route without a 5xx, each refusal as problem+json`,
    async ({ spec, i }) => fuzz(request(spec), SEED + i, RUNS_PER_ROUTE),
    120_000,
  );

  it("answers requests to paths and methods that are no route with a problem+json 404", async () =>
    fuzz(unknownRoute, SEED - 1, 300));

  it(`sent at least ${TOTAL_REQUESTS} requests to the routes of the table`, () => {
    expect(sent - 300).toBeGreaterThanOrEqual(TOTAL_REQUESTS);
    const rate = Math.round(sent / (busyMs / 1000));
    console.info(`fuzz: ${sent} requests in ${(busyMs / 1000).toFixed(1)} s of requests (${rate}/s), seed ${SEED}`);
    console.info(`fuzz: error logs by message: ${JSON.stringify(Object.fromEntries(loggedErrors))}`);
  });
});
