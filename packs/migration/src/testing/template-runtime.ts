/**
 * For tests of the shipped templates: reads a template and its sample input, and runs instances through the HTTP
 * API of an in-process runtime (embedded PGlite) with this pack, as an operator would: start, wait for a status,
 * decide.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntime, type Runtime, readConfig } from "@mfo/runtime";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, expect } from "vitest";
import { migrationPack } from "../index.js";

export type Template = FlowDefinition & { input: { examples: Array<Record<string, unknown>> } };

/** A fresh copy of the pack's template `id` (tests change their sample inputs). */
export const template = async (id: string): Promise<Template> => {
  const found = migrationPack.templates.find((t) => t.file === `templates/${id}/${id}.json`);
  if (!found) throw new Error(`the migration pack has no template "${id}"`);
  return structuredClone(found.definition) as Template;
};

/**
 * A runtime configuration for tests, through the public readConfig: quiet, quick to poll, no rate limit, and
 * this pack given by the test (MFO_PACKS empty, so the built copy is not loaded beside the source).
 */
export function templateTestConfig(dataDir: string) {
  return readConfig({
    MFO_DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    MFO_POLL_MS: "10",
    MFO_LEASE_MS: "5000",
    MFO_RATE_LIMIT: "0",
    MFO_PACKS: "",
  });
}

/** A runtime started before the file's tests and closed after them, with the calls the tests make. */
export function useTemplateRuntime() {
  let runtime: Runtime | undefined;
  let dataDir = "";
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-templates-"));
    runtime = await createRuntime(templateTestConfig(dataDir), { packs: [migrationPack] });
    runtime.engine.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function call(method: string, path: string, body?: unknown) {
    const live = runtime as Runtime;
    const response = await live.app.request(path, {
      method,
      headers: { authorization: `Bearer ${live.adminKey}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  return {
    get runtime(): Runtime {
      return runtime as Runtime;
    },
    call,
    /** Starts an instance; returns its id. */
    async start(flowType: string, input: unknown): Promise<string> {
      const created = await call("POST", "/api/v1/flows", { flowType, input });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    },
    /** Polls until the instance has one of the statuses (an unexpected end throws with its error). */
    async until(id: string, statuses: string[]) {
      for (let i = 0; i < 400; i++) {
        const { body } = await call("GET", `/api/v1/flows/${id}`);
        if (statuses.includes(body.status)) return body;
        if (["completed", "failed", "cancelled"].includes(body.status))
          throw new Error(`instance ${id} ended ${body.status}: ${JSON.stringify(body.lastError)}`);
        await new Promise((r) => setTimeout(r, 15));
      }
      throw new Error(`instance ${id} never reached ${statuses}`);
    },
    /** Decides an approval as an operator. */
    async decide(id: string, node: string, decision: "approve" | "reject") {
      const answer = await call("POST", `/api/v1/flows/${id}/execute`, { node, decision, comment: "by the test" });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    },
  };
}
