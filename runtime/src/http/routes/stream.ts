/** The live event stream of an instance (Server-Sent Events). */
import type { RouteHandler } from "../context.js";
import { own } from "./flows.js";

export const streamRoutes = {
  "get /flows/:id/stream": async (call) => {
    await own(call);
    throw new Error("not built yet");
  },
} satisfies Record<string, RouteHandler>;
