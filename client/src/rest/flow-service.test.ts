import { HttpResponse, http } from "msw";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API, instanceOf, problem, requests, server, service } from "../testing/test-server.js";
import { FlowServiceError } from "./errors.js";
import { createFlowService } from "./flow-service.js";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => requests.splice(0));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe("FlowService", () => {
  it("sends the API key and reaches every route of the API", async () => {
    const seen: string[] = [];
    server.use(
      http.all(`${API}/*`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(`${request.method} ${url.pathname.slice("/api/v1".length)}${url.search}`);
        expect(request.headers.get("authorization")).toBe("Bearer k1");
        return request.method === "DELETE" ? new HttpResponse(null, { status: 204 }) : HttpResponse.json({});
      }),
    );
    const s = service();
    await s.listFlowTypes();
    await s.getFlowType("a b");
    await s.getVersion("a", 2);
    await s.validate({ id: "a" });
    await s.saveDraft("a", { id: "a" });
    await s.publish({ id: "a" } as never);
    await s.publishDraft("a");
    await s.deleteDraft("a");
    await s.restoreVersion("a", 1);
    await s.instanceCount("a");
    await s.archiveFlowType("a");
    await s.listFlowTypes({ archived: true });
    await s.createFlow({ flowType: "a", input: { x: 1 } });
    await s.listFlows({ status: "waiting", active: true, limit: 10, cursor: "c" });
    await s.getFlow("i1");
    await s.status("i1");
    await s.events("i1");
    await s.execute("i1", { node: "n", decision: "approve" });
    await s.pause("i1");
    await s.resume("i1");
    await s.cancel("i1");
    await s.remove("i1");
    await s.analytics({ from: "2026-01-01" });
    await s.audit({ action: "flow.create" });
    await s.listTenants();
    await s.createTenant({ id: "t", name: "T" });
    await s.listApiKeys();
    await s.createApiKey({ tenant: "t", role: "operator", name: "n" } as never);
    await s.revokeApiKey("k");
    expect(seen).toEqual([
      "GET /flow-types",
      "GET /flow-types/a%20b",
      "GET /flow-types/a/versions/2",
      "POST /flow-types/validate",
      "PUT /flow-types/a/draft",
      "POST /flow-types",
      "POST /flow-types/a/publish",
      "DELETE /flow-types/a/draft",
      "POST /flow-types/a/versions/1/restore",
      "GET /flow-types/a/instance-count",
      "DELETE /flow-types/a",
      "GET /flow-types?archived=true",
      "POST /flows",
      "GET /flows?status=waiting&active=true&limit=10&cursor=c",
      "GET /flows/i1",
      "GET /flows/i1/status",
      "GET /flows/i1/events",
      "POST /flows/i1/execute",
      "POST /flows/i1/pause",
      "POST /flows/i1/resume",
      "POST /flows/i1/cancel",
      "DELETE /flows/i1",
      "GET /flows/analytics?from=2026-01-01",
      "GET /audit?action=flow.create",
      "GET /tenants",
      "POST /tenants",
      "GET /api-keys",
      "POST /api-keys",
      "DELETE /api-keys/k",
    ]);
  });

  it("turns a problem document into one typed error with the per-node errors", async () => {
    const errors = [{ path: "/nodes/2/handler", nodeId: "import", message: "unknown handler" }];
    server.use(http.post(`${API}/flow-types/validate`, () => problem(422, "the definition is invalid", { errors })));
    const error = await service()
      .validate({})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowServiceError);
    expect(error).toMatchObject({ status: 422, title: "Error", detail: "the definition is invalid", errors });
  });

  it("retries a GET and a PUT on 502/503/504 and network errors, with back-off, a couple of times", async () => {
    let gets = 0;
    let puts = 0;
    server.use(
      http.get(`${API}/flows/i1`, () =>
        ++gets < 3 ? problem(gets === 1 ? 503 : 502, "down") : HttpResponse.json(instanceOf("running")),
      ),
      http.put(`${API}/flow-types/a/draft`, () => (++puts < 2 ? HttpResponse.error() : HttpResponse.json({}))),
    );
    await expect(service().getFlow("i1")).resolves.toMatchObject({ status: "running" });
    await expect(service().saveDraft("a", {})).resolves.toEqual({});
    expect([gets, puts]).toEqual([3, 2]);
  });

  it("gives up after the last attempt and never retries a 4xx", async () => {
    let gets = 0;
    server.use(
      http.get(`${API}/flows/:id`, ({ params }) => {
        gets++;
        return problem(params.id === "gone" ? 404 : 504, "no");
      }),
    );
    await expect(service().getFlow("i1")).rejects.toMatchObject({ status: 504 });
    expect(gets).toBe(3);
    gets = 0;
    await expect(service().getFlow("gone")).rejects.toMatchObject({ status: 404 });
    expect(gets).toBe(1);
  });

  it("never retries a POST or DELETE, which might act twice", async () => {
    let posts = 0;
    let deletes = 0;
    server.use(
      http.post(`${API}/flows`, () => {
        posts++;
        return problem(503, "busy");
      }),
      http.delete(`${API}/flows/i1`, () => {
        deletes++;
        return HttpResponse.error();
      }),
    );
    await expect(service().createFlow({ flowType: "a" })).rejects.toMatchObject({ status: 503 });
    await expect(service().remove("i1")).rejects.toMatchObject({ status: 0, title: "Unreachable" });
    expect([posts, deletes]).toEqual([1, 1]);
  });

  it("stops at the caller's AbortSignal", async () => {
    server.use(http.get(`${API}/flows/i1`, () => new Promise<Response>(() => {})));
    const abort = new AbortController();
    const call = service().getFlow("i1", { signal: abort.signal });
    abort.abort();
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
  });

  it("runs a flow in one request: the ended instance with its output, or where to follow one still going", async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${API}/flows`, async ({ request }) => {
        bodies.push(await request.json());
        const wait = new URL(request.url).searchParams.get("wait");
        return wait === "0.5"
          ? HttpResponse.json(instanceOf("running", { statusUrl: "/api/v1/flows/i1/status" }), { status: 202 })
          : HttpResponse.json(instanceOf("completed", { output: { total: 30 } }), { status: 201 });
      }),
    );
    const ended = await service().run("sum", { a: 1 }, { wait: 5, name: "n" });
    expect(ended).toMatchObject({ ended: true, output: { total: 30 }, instance: { id: "i1", status: "completed" } });
    const going = await service().run("sum", { a: 1 }, { wait: 0.5 });
    expect(going).toMatchObject({
      ended: false,
      statusUrl: "/api/v1/flows/i1/status",
      instance: { status: "running" },
    });
    expect(requests.map((r) => r.key)).toEqual(["POST /api/v1/flows?wait=5", "POST /api/v1/flows?wait=0.5"]);
    expect(bodies).toEqual([
      { flowType: "sum", input: { a: 1 }, name: "n" },
      { flowType: "sum", input: { a: 1 } },
    ]);
  });

  it("sends the key it was made with", async () => {
    server.use(
      http.get(`${API}/flow-types`, ({ request }) => HttpResponse.json({ auth: request.headers.get("authorization") })),
    );
    await expect(createFlowService({ apiKey: "k2", baseUrl: "http://mfo.test" }).listFlowTypes()).resolves.toEqual({
      auth: "Bearer k2",
    });
  });
});
