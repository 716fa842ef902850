/** `mfo events send` in-process against a real runtime served over HTTP on 127.0.0.1 (embedded PGlite). */
import type { FlowDefinition } from "@mfo/schemas";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing/cli-harness.js";
import { serveForCliTests } from "../testing/cli-test-server.js";

const ADMIN_KEY = "test-events-admin-key";

/** start -> hold (waits for invoice.paid with input.invoice) -> done. */
const invoiceFlow = {
  id: "invoice",
  name: "invoice",
  nodes: [
    { id: "start", type: "start" },
    { id: "hold", type: "wait", event: { name: "invoice.paid", key: "=input.invoice" } },
    { id: "done", type: "end" },
  ],
  edges: [
    { id: "e0", source: "start", target: "hold" },
    { id: "e1", source: "hold", target: "done" },
  ],
} as FlowDefinition;

const send = (extra: { readStdin?: () => Promise<string> }, ...args: string[]) =>
  runCli(["events", "send", ...args, "--url", server.served.url, "--key", ADMIN_KEY], extra);
// biome-ignore lint/suspicious/noExplicitAny: the test reads a few fields of answers it checks itself
const api = async (method: string, path: string, body?: unknown): Promise<any> => {
  const response = await fetch(`${server.served.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response.json();
};

const server = serveForCliTests("events", ADMIN_KEY, async () => {
  await api("POST", "/flow-types", invoiceFlow);
});

describe("mfo events send", () => {
  it("keeps an event nobody waits for, then the instance that reaches the wait takes its payload from stdin", async () => {
    const kept = await send({ readStdin: async () => '{"amount": 12}' }, "invoice.paid", "INV-1", "--payload", "-");
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/^nobody waits yet; kept until \d{4}-\d\d-\d\dT.*Z for the first wait that matches\n$/);
    const { id } = await api("POST", "/flows?wait=5", { flowType: "invoice", input: { invoice: "INV-1" } });
    let instance = await api("GET", `/flows/${id}`);
    for (let i = 0; i < 200 && instance.status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      instance = await api("GET", `/flows/${id}`);
    }
    expect(instance.context.phases.hold.output).toEqual({ amount: 12 });
  });

  it("names the instances it woke", async () => {
    const { id } = await api("POST", "/flows", { flowType: "invoice", input: { invoice: "INV-2" } });
    let woke = await send({}, "invoice.paid", "INV-2", "--payload", '"paid"', "--ttl", "0", "--json");
    for (let i = 0; i < 200 && JSON.parse(woke.stdout).woke.length === 0; i++) {
      // The worker registers the wait just after the create: until then the event finds nobody (and, --ttl 0, goes).
      await new Promise((r) => setTimeout(r, 20));
      woke = await send({}, "invoice.paid", "INV-2", "--payload", '"paid"', "--ttl", "0", "--json");
    }
    expect(JSON.parse(woke.stdout).woke).toEqual([{ instanceId: id, nodeId: "hold" }]);
    const plain = await send({}, "invoice.paid", "INV-2", "--ttl", "0");
    expect(plain).toEqual({ code: 0, stdout: "nobody waits; the event was not kept (--ttl 0)\n", stderr: "" });
  });

  it("refuses usage mistakes with exit 2 and the server's refusals with exit 1", async () => {
    expect((await send({}, "invoice.paid")).code).toBe(2);
    expect((await send({}, "invoice.paid", "K", "--payload", "{nope")).stderr).toContain("--payload is not valid JSON");
    expect((await send({}, "invoice.paid", "K", "--ttl", "soon")).code).toBe(2);
    const refused = await send({}, "invoice paid", "K");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^mfo: \/name: /);
  });
});
