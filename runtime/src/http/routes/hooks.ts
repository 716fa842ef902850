/** Placeholder: the issue-19 contract; each handler is built by its own change. */
import { AppError } from "../../errors.js";
import type { RouteHandler } from "../context.js";

const notYet: RouteHandler = async () => {
  throw new AppError(503, "not-implemented", "this route is not built yet");
};

export const hookRoutes = {
  "get /flow-types/:id/hooks": notYet,
  "post /flow-types/:id/hooks": notYet,
  "get /flow-types/:id/hooks/:hookId": notYet,
  "put /flow-types/:id/hooks/:hookId": notYet,
  "delete /flow-types/:id/hooks/:hookId": notYet,
} satisfies Record<string, RouteHandler>;
