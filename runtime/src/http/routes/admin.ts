/** Administration routes: tenants, API keys and the audit log. */
import type { RouteHandler } from "../context.js";

const todo: RouteHandler = async () => {
  throw new Error("not built yet");
};

export const adminRoutes = {
  "post /tenants": todo,
  "get /tenants": todo,
  "post /api-keys": todo,
  "get /api-keys": todo,
  "delete /api-keys/:id": todo,
  "get /audit": todo,
} satisfies Record<string, RouteHandler>;
