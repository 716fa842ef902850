/**
 * For tests of the shipped templates: reads a template and its sample input, and runs instances through the HTTP
 * API of an in-process runtime (embedded PGlite) as an operator would: start, wait for a status, decide.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FlowDefinition } from "@mfo/schemas";
import { afterAll, beforeAll, expect } from "vitest";
import { createRuntime, type Runtime } from "../server/create-runtime.js";
import { testConfig } from "./cli-harness.js";

const TEMPLATES = join(import.meta.dirname, "..", "..", "templates");

export type Template = FlowDefinition & { input: { examples: Array<Record<string, unknown>> } };

export const template = async (id: string): Promise<Template> =>
  JSON.parse(await readFile(join(TEMPLATES, `${id}.json`), "utf8")) as Template;

/** A runtime started before the file's tests and closed after them, with the calls the tests make. */
export function useTemplateRuntime() {
  let runtime: Runtime | undefined;
  let dataDir = "";
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "mfo-templates-"));
    runtime = await createRuntime(testConfig(dataDir));
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
