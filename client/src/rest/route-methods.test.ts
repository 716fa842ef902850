import {
  type Instance,
  type InstanceStatusResponse,
  type RouteKey,
  type RouteSpec,
  routeKeyOf,
  routes,
} from "@mfo/schemas";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createFlowService, type FlowService, ROUTE_METHODS } from "./flow-service.js";

/** One call of each route's method; typed by RouteKey, so a new route needs a line here too. */
const CALLS: Record<RouteKey, (s: FlowService) => Promise<unknown>> = {
  "post /flow-types/validate": (s) => s.validate({}),
  "put /flow-types/:id/draft": (s) => s.saveDraft("a", {}),
  "post /flow-types": (s) => s.publish({ id: "a" } as never),
  "post /flow-types/:id/publish": (s) => s.publishDraft("a"),
  "get /flow-types": (s) => s.listFlowTypes(),
  "get /flow-types/:id": (s) => s.getFlowType("a"),
  "get /flow-types/:id/versions/:version": (s) => s.getVersion("a", 2),
  "delete /flow-types/:id/draft": (s) => s.deleteDraft("a"),
  "post /flow-types/:id/versions/:version/restore": (s) => s.restoreVersion("a", 2),
  "post /flow-types/:id/draft/test-runs": (s) => s.testRun("a", { definition: {} }),
  "post /flow-types/:id/draft/test-step": (s) => s.testStep("a", { definition: {}, nodeId: "p" }),
  "get /flow-types/:id/instance-count": (s) => s.instanceCount("a"),
  "delete /flow-types/:id": (s) => s.archiveFlowType("a"),
  "get /catalogue": (s) => s.catalogue(),
  "post /flows": (s) => s.createFlow({ flowType: "a" }),
  "get /flows": (s) => s.listFlows(),
  "get /flows/analytics": (s) => s.analytics(),
  "get /flows/:id": (s) => s.getFlow("i1"),
  "get /flows/:id/status": (s) => s.status("i1"),
  "get /flows/:id/events": (s) => s.events("i1"),
  "get /flows/:id/definition": (s) => s.instanceDefinition("i1"),
  "get /flows/:id/nodes/:nodeId": (s) => s.nodeData("i1", "n1"),
  "get /flows/:id/attempts": (s) => s.attempts("i1"),
  "get /flows/:id/stream": (s) => s.stream("i1"),
  "post /flows/:id/execute": (s) => s.execute("i1"),
  "post /flows/:id/pause": (s) => s.pause("i1"),
  "post /flows/:id/resume": (s) => s.resume("i1"),
  "post /flows/:id/cancel": (s) => s.cancel("i1"),
  "delete /flows/:id": (s) => s.remove("i1"),
  "post /tenants": (s) => s.createTenant({ id: "t", name: "T" }),
  "get /tenants": (s) => s.listTenants(),
  "post /api-keys": (s) => s.createApiKey({ tenant: "t", role: "viewer", name: "n" } as never),
  "get /api-keys": (s) => s.listApiKeys(),
  "delete /api-keys/:id": (s) => s.revokeApiKey("k"),
  "get /audit": (s) => s.audit(),
  "get /metrics": (s) => s.metrics(),
  "get /flow-types/:id/schedules": (s) => s.listSchedules("a"),
  "post /flow-types/:id/schedules": (s) => s.createSchedule("a", { cron: "* * * * *" }),
  "get /flow-types/:id/schedules/:scheduleId": (s) => s.getSchedule("a", "s1"),
  "put /flow-types/:id/schedules/:scheduleId": (s) => s.updateSchedule("a", "s1", { cron: "* * * * *" }),
  "delete /flow-types/:id/schedules/:scheduleId": (s) => s.deleteSchedule("a", "s1"),
  "post /flow-types/:id/schedules/:scheduleId/pause": (s) => s.pauseSchedule("a", "s1"),
  "post /flow-types/:id/schedules/:scheduleId/resume": (s) => s.resumeSchedule("a", "s1"),
  "post /schedules/preview": (s) => s.previewSchedule({ cron: "* * * * *" }),
  "get /flow-types/:id/hooks": (s) => s.listHooks("a"),
  "post /flow-types/:id/hooks": (s) => s.createHook("a", { auth: { type: "token", secret: "s" } }),
  "get /flow-types/:id/hooks/:hookId": (s) => s.getHook("a", "h1"),
  "put /flow-types/:id/hooks/:hookId": (s) => s.updateHook("a", "h1", { auth: { type: "token", secret: "s" } }),
  "delete /flow-types/:id/hooks/:hookId": (s) => s.deleteHook("a", "h1"),
  "post /hooks/:hookId": (s) => s.callHook("h1", {}),
  "post /hooks/:hookId/:token": (s) => s.callHookWithToken("h1", "t", {}),
  "post /events": (s) => s.sendEvent({ name: "e", key: "k" }),
  "get /secrets": (s) => s.listSecrets(),
  "put /secrets/:name": (s) => s.putSecret("s", "v"),
  "delete /secrets/:name": (s) => s.deleteSecret("s"),
};

/** A client whose fetch records "METHOD /path" and answers an empty JSON object. */
function recording() {
  const seen: string[] = [];
  const service = createFlowService({
    apiKey: "k",
    baseUrl: "http://mfo.test",
    fetch: async (input, init) => {
      seen.push(`${init?.method} ${new URL(String(input)).pathname}`);
      return new Response("{}", { headers: { "content-type": "application/json" } });
    },
  });
  return { seen, service };
}

describe("the client covers the route table", () => {
  it("has a named method for every route", () => {
    const { service } = recording();
    for (const spec of routes as readonly RouteSpec[]) {
      const method = ROUTE_METHODS[routeKeyOf(spec)];
      expect(method, `no client method for ${routeKeyOf(spec)}`).toBeDefined();
      expect(typeof service[method]).toBe("function");
    }
    expect(Object.keys(ROUTE_METHODS).sort()).toEqual(routes.map(routeKeyOf).sort());
  });

  it.each(routes.map(routeKeyOf))("%s: its method sends that route", async (key) => {
    const { seen, service } = recording();
    await CALLS[key](service);
    const [method, path] = key.split(" ") as [string, string];
    const pattern = path.replace(/:\w+/g, "[^/]+");
    const prefix = path === "/metrics" ? "" : "/api/v1";
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(new RegExp(`^${method.toUpperCase()} ${prefix}${pattern}$`));
  });
});

describe("a call checked against the route table", () => {
  it("answers the route's status and typed body", async () => {
    const { service } = recording();
    const created = await service.request("post /flows", { body: { flowType: "a" } });
    expect(created.status).toBe(200);
    expectTypeOf(created.body).toEqualTypeOf<Instance>();
    expectTypeOf(
      (await service.request("get /flows/:id/status", { params: { id: "i1" } })).body,
    ).toEqualTypeOf<InstanceStatusResponse>();
  });

  it("refuses, at compile time, a route that does not exist or a call that misses its parts", () => {
    // Never run: the type checker (npm run typecheck) is the test.
    const calls = (s: FlowService) => [
      // @ts-expect-error no such route
      s.request("get /nowhere"),
      // @ts-expect-error the route needs its path parameter
      s.request("get /flows/:id"),
      // @ts-expect-error the body is not a createInstanceRequest
      s.request("post /flows", { body: { nope: 1 } }),
      // @ts-expect-error GET /flows has no query parameter "colour"
      s.request("get /flows", { query: { colour: "red" } }),
    ];
    expect(calls).toBeTypeOf("function");
  });
});
