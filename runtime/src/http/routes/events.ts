/**
 * POST /events: a correlated event (issue 19). Every instance of the caller's tenant waiting at a wait node for
 * this name and key wakes, once, with the payload; when none waits, the event is kept for ttlSeconds for the
 * first wait that matches (event-repository.ts has the transactions and why they cannot lose an event).
 */
import type { EventDelivery, SendEventRequest } from "@mfo/schemas";
import { deliverEvent } from "../../store/event-repository.js";
import { actorOf, type RouteHandler } from "../context.js";

/** How long an event nobody waits for is kept when the request does not say (seconds). */
export const DEFAULT_EVENT_TTL_SECONDS = 3600;

const sendEvent: RouteHandler = async (call) => {
  const request = call.body as SendEventRequest;
  const delivery = await deliverEvent(
    call.deps.db,
    {
      tenantId: call.principal.tenantId,
      name: request.name,
      key: request.key,
      payload: request.payload ?? null,
      ttlSeconds: request.ttlSeconds ?? DEFAULT_EVENT_TTL_SECONDS,
      now: call.deps.engine.now(),
    },
    actorOf(call),
  );
  // The "event" timers are due now: the worker picks the woken instances up at once.
  if (delivery.woke.length > 0) call.deps.engine.wake();
  const answer: EventDelivery = {
    id: delivery.id,
    woke: delivery.woke,
    buffered: delivery.buffered,
    expiresAt: delivery.expiresAt?.toISOString() ?? null,
  };
  return call.c.json(answer);
};

export const eventRoutes = {
  "post /events": sendEvent,
} satisfies Record<string, RouteHandler>;
