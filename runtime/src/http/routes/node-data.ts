/** What each node of a run did: one node's runs and attempts, and every attempt of an instance for time travel. */

import { AppError } from "../../errors.js";
import type { RouteHandler } from "../context.js";

// Issue 18 contract: the node-data helper replaces these with the real handlers.
const notYet = async (): Promise<Response> => {
  throw new AppError(503, "not-implemented", "not built yet");
};

export const nodeDataRoutes = {
  "get /flows/:id/nodes/:nodeId": notYet,
  "get /flows/:id/attempts": notYet,
} satisfies Record<string, RouteHandler>;
