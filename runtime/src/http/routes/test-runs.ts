/** Trying a draft before publishing it: a test run of the whole draft, one phase tested alone, and the definition an instance runs. */

import { AppError } from "../../errors.js";
import type { RouteHandler } from "../context.js";

// Issue 18 contract: the test-runs helper replaces these with the real handlers.
const notYet = async (): Promise<Response> => {
  throw new AppError(503, "not-implemented", "not built yet");
};

export const testRunRoutes = {
  "post /flow-types/:id/draft/test-runs": notYet,
  "post /flow-types/:id/draft/test-step": notYet,
  "get /flows/:id/definition": notYet,
} satisfies Record<string, RouteHandler>;
