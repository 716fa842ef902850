/** Testing one phase of a draft alone (POST /flow-types/:id/draft/test-step). */
import { AppError } from "../../errors.js";
import type { RouteHandler } from "../context.js";

export const testStep: RouteHandler = async () => {
  throw new AppError(503, "not-implemented", "not built yet");
};
