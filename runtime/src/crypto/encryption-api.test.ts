/**
 * Encryption at rest through the API on a real PostgreSQL: redacted answers, sealed rows, key rotation across a
 * restart, a clear refusal for a key the runtime does not have, and the start-up rules for the key itself.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition } from "@mfo/schemas";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { testConfig } from "../testing/cli-harness.js";
import { createTestDatabase } from "../testing/postgres-server.js";
import { ENCRYPTION_KEY_FILE } from "./encryption-key.js";
import { REDACTED } from "./redact.js";
import { createSealer, keyIdOf, type SealedValue } from "./sealer.js";

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const keyC = randomBytes(32);

/** login makes up a secret; an approval waits (across restarts); `after` uses the secret once approved. */
const gated: FlowDefinition = {
  id: "gated-secret",
  name: "Gated secret",
  nodes: [
    { id: "start", type: "start" },
    {
      id: "login",
      type: "phase",
      handler: "transform",
      params: { expression: "{ 'token': 'tok-' & $substring($string($random()), 2) }" },
      sensitive: ["token"],
    },
    { id: "gate", type: "approval" },
    {
      id: "after",
      type: "phase",
      handler: "transform",
      params: { expression: "{ 'length': $length(phases.login.output.token) }" },
    },
    { id: "done", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "login" },
    { id: "e2", source: "login", target: "gate" },
    { id: "e3", source: "gate", target: "after", on: "approve" },
    { id: "e4", source: "after", target: "done" },
  ],
} as FlowDefinition;

async function call(runtime: Runtime, method: string, path: string, body?: unknown) {
  const response = await runtime.app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${runtime.adminKey}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), text, body: JSON.parse(text) };
}

async function until(runtime: Runtime, id: string, status: string) {
  for (let i = 0; i < 500; i++) {
    const { body } = await call(runtime, "GET", `/flows/${id}/status`);
    if (body.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`instance ${id} never became ${status}`);
}

describe("encryption at rest on PostgreSQL", () => {
  let dataDir: string;
  let databaseUrl: string;
  let client: pg.Client;
  let runtime: Runtime | undefined;
  const start = async (encryptionKey: Buffer, encryptionKeyPrevious?: Buffer) => {
    await runtime?.close();
    runtime = await createRuntime(testConfig(dataDir, { databaseUrl, encryptionKey, encryptionKeyPrevious }));
    runtime.engine.start();
    return runtime;
  };
  /** The instance's context as PostgreSQL stores it. */
  const row = async (id: string): Promise<string> =>
    (await client.query("select context::text as context from instances where id = $1", [id])).rows[0].context;
  const keyIds = (text: string) => new Set([...text.matchAll(/"v1\.([\w-]+)\./g)].map((m) => m[1]));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-encryption-"));
    databaseUrl = await createTestDatabase(inject("postgresUrl"));
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  });
  afterAll(async () => {
    await runtime?.close();
    await client?.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers [redacted] for a secret a later phase uses, rotates keys across a restart, and names a missing key", async () => {
    let rt = await start(keyA);
    expect((await call(rt, "POST", "/flow-types", gated)).status).toBe(201);
    const created = await call(rt, "POST", "/flows", { flowType: gated.id });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await until(rt, id, "waiting");

    const shown = await call(rt, "GET", `/flows/${id}`);
    expect(shown.body.context.phases.login.output).toEqual({ token: REDACTED });
    const stored = await row(id);
    expect(keyIds(stored)).toEqual(new Set([keyIdOf(keyA)]));
    const marker = JSON.parse(stored).phases.login.output.token as SealedValue;
    const secret = createSealer({ current: keyA }).open(marker) as string;
    expect(secret).toMatch(/^tok-\d+$/);
    expect(stored).not.toContain(secret);

    // Rotation: the new key seals, the old one still opens what it sealed.
    rt = await start(keyB, keyA);
    const approved = await call(rt, "POST", `/flows/${id}/execute`, { decision: "approve" });
    expect(approved.status).toBe(200);
    expect(approved.text).not.toContain(secret);
    expect(approved.body.context.phases.login.output).toEqual({ token: REDACTED });
    await until(rt, id, "completed");
    const done = await call(rt, "GET", `/flows/${id}`);
    expect(done.body.context.phases.after.output).toEqual({ length: secret.length });
    expect(keyIds(await row(id))).toEqual(new Set([keyIdOf(keyB)]));

    const second = (await call(rt, "POST", "/flows", { flowType: gated.id })).body.id as string;
    await until(rt, second, "waiting");

    // A key that sealed nothing here: reading still answers (redacted), acting names the key it lacks.
    rt = await start(keyC);
    expect((await call(rt, "GET", `/flows/${second}`)).body.context.phases.login.output).toEqual({ token: REDACTED });
    const refused = await call(rt, "POST", `/flows/${second}/execute`, { decision: "approve" });
    expect(refused.status).toBe(503);
    expect(refused.type).toContain("application/problem+json");
    expect(refused.body.detail).toContain(`sealed with encryption key ${keyIdOf(keyB)}`);
    expect(refused.body.detail).toContain("MFO_ENCRYPTION_KEY_PREVIOUS");
  });

  it("refuses to start on PostgreSQL without MFO_ENCRYPTION_KEY, naming it in one line", async () => {
    const config = { ...testConfig(dataDir, { databaseUrl }), encryptionKey: undefined };
    const failure = await createRuntime(config).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/^MFO_ENCRYPTION_KEY is required with DATABASE_URL[^\n]*$/);
  });
});

describe("the embedded encryption key", () => {
  it("is generated into the data dir (mode 0600) at first start and still opens its values after a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mfo-embedded-key-"));
    let rt: Runtime | undefined;
    try {
      rt = await createRuntime(testConfig(dir));
      rt.engine.start();
      await call(rt, "POST", "/flow-types", gated);
      const id = (await call(rt, "POST", "/flows", { flowType: gated.id })).body.id as string;
      await until(rt, id, "waiting");
      await rt.close();
      const file = join(dir, ENCRYPTION_KEY_FILE);
      expect(Buffer.from(await readFile(file, "utf8"), "base64")).toHaveLength(32);
      expect((await stat(file)).mode & 0o777).toBe(0o600);

      rt = await createRuntime(testConfig(dir));
      rt.engine.start();
      expect((await call(rt, "POST", `/flows/${id}/execute`, { decision: "approve" })).status).toBe(200);
      await until(rt, id, "completed");
      const done = await call(rt, "GET", `/flows/${id}`);
      expect(done.body.context.phases.after.output.length).toBeGreaterThan(4);
    } finally {
      await rt?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
