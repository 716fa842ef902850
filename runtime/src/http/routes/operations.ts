/** Operations routes: analytics over instances and phase runs, and Prometheus metrics. */
import type { RouteHandler } from "../context.js";

const todo: RouteHandler = async () => {
  throw new Error("not built yet");
};

export const operationsRoutes = {
  "get /flows/analytics": todo,
  "get /metrics": todo,
} satisfies Record<string, RouteHandler>;
