/** Placeholder: the issue-19 contract; each handler is built by its own change. */
import { AppError } from "../../errors.js";
import type { RouteHandler } from "../context.js";

const notYet: RouteHandler = async () => {
  throw new AppError(503, "not-implemented", "this route is not built yet");
};

export const hookCallRoutes = {
  "post /hooks/:hookId": notYet,
  "post /hooks/:hookId/:token": notYet,
} satisfies Record<string, RouteHandler>;
