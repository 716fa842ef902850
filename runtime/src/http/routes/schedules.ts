/** Placeholder: the issue-19 contract; each handler is built by its own change. */
import { AppError } from "../../errors.js";
import type { RouteHandler } from "../context.js";

const notYet: RouteHandler = async () => {
  throw new AppError(503, "not-implemented", "this route is not built yet");
};

export const scheduleRoutes = {
  "get /flow-types/:id/schedules": notYet,
  "post /flow-types/:id/schedules": notYet,
  "get /flow-types/:id/schedules/:scheduleId": notYet,
  "put /flow-types/:id/schedules/:scheduleId": notYet,
  "delete /flow-types/:id/schedules/:scheduleId": notYet,
  "post /flow-types/:id/schedules/:scheduleId/pause": notYet,
  "post /flow-types/:id/schedules/:scheduleId/resume": notYet,
  "post /schedules/preview": notYet,
} satisfies Record<string, RouteHandler>;
