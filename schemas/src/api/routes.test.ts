import { describe, expect, expectTypeOf, it } from "vitest";
import apiSchema from "../contract/api.schema.json" with { type: "json" };
import type { FlowDefinition, Instance, InstanceList, InstanceStatus, Role } from "../generated/types.js";
import {
  ACTIVE_STATUSES,
  ENDED_STATUSES,
  HELD_STATUSES,
  INSTANCE_STATUSES,
  isActive,
  isEnded,
} from "./instance-status.js";
import type { BodyOf, PathParamsOf, QueryOf, ResponseOf } from "./route-types.js";
import { pathParamsOf, type RouteKey, type RouteSpec, routeKeyOf, routeOf, routes, urlPathOf } from "./routes.js";

describe("the route table", () => {
  it("has one route per key, each found by its key", () => {
    const keys = routes.map(routeKeyOf);
    expect(new Set(keys).size).toBe(keys.length);
    for (const spec of routes) expect(routeOf(routeKeyOf(spec))).toBe(spec);
  });

  it("names roles and bodies the schemas define", () => {
    const defs = Object.keys(apiSchema.$defs);
    for (const spec of routes as readonly RouteSpec[]) {
      expect(apiSchema.$defs.role.enum).toContain(spec.role);
      for (const body of [spec.body ?? "json", spec.ok.body ?? "json"]) {
        expect([...defs, "flowDefinition", "json"]).toContain(body);
      }
    }
  });

  it("serves routes under /api/v1 except root routes, and names their path parameters", () => {
    expect(urlPathOf(routeOf("get /flows/:id"))).toBe("/api/v1/flows/:id");
    expect(urlPathOf(routeOf("get /metrics"))).toBe("/metrics");
    expect(pathParamsOf(routeOf("get /flow-types/:id/versions/:version"))).toEqual(["id", "version"]);
  });

  it("types a call's parts from the table", () => {
    expectTypeOf<PathParamsOf<"get /flow-types/:id/versions/:version">>().toEqualTypeOf<{
      id: string | number;
      version: string | number;
    }>();
    expectTypeOf<BodyOf<"post /flow-types">>().toEqualTypeOf<FlowDefinition>();
    expectTypeOf<BodyOf<"get /flows">>().toEqualTypeOf<undefined>();
    expectTypeOf<ResponseOf<"get /flows">>().toEqualTypeOf<InstanceList>();
    expectTypeOf<ResponseOf<"post /flows/:id/pause">>().toEqualTypeOf<Instance>();
    expectTypeOf<ResponseOf<"delete /flows/:id">>().toEqualTypeOf<undefined>();
    expectTypeOf<QueryOf<"get /flows">["limit"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<QueryOf<"get /flows">["active"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<(typeof routes)[number]["role"]>().toExtend<Role>();
    expectTypeOf<"get /nowhere">().not.toExtend<RouteKey>();
  });
});

describe("instance statuses", () => {
  it("are the schema's, split into active, held and ended", () => {
    expect(INSTANCE_STATUSES).toEqual(apiSchema.$defs.instanceStatus.enum);
    expect([...ACTIVE_STATUSES, ...HELD_STATUSES, ...ENDED_STATUSES].sort()).toEqual([...INSTANCE_STATUSES].sort());
    expectTypeOf<(typeof INSTANCE_STATUSES)[number]>().toEqualTypeOf<InstanceStatus>();
  });

  it("says which are active", () => {
    expect(INSTANCE_STATUSES.filter(isActive)).toEqual(["running", "waiting", "paused"]);
    expect(isActive("cancelled")).toBe(false);
  });

  it("says which have ended: a quarantined instance is neither active nor ended", () => {
    expect(INSTANCE_STATUSES.filter(isEnded)).toEqual(["completed", "failed", "cancelled"]);
    expect(isActive("quarantined")).toBe(false);
    expect(isEnded("quarantined")).toBe(false);
  });
});
