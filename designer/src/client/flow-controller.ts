/**
 * The framework-free core behind useFlow: one controller per (service, instance id), shared by everyone who
 * follows that instance and ref-counted by its listeners. The first listener starts the instance feed (the live
 * event stream, polling where it fails); the last one leaving stops it. Operator actions change the status at
 * once (optimistically) and roll it back when the server refuses (a 409 or another 4xx), leaving the error in
 * the state rather than throwing, so a click handler needs no try/catch.
 */

import {
  createInstanceFeed,
  type FeedMode,
  type FeedState,
  type FlowService,
  type InstanceFeed,
  type InstanceFeedOptions,
} from "@mfo/client";
import type { FlowEvent, Instance, InstanceStatus, Progress } from "@mfo/schemas";

export interface FlowState {
  instance?: Instance | undefined;
  /** The status shown: an action's expected status while it is in flight, else the instance's. */
  status?: InstanceStatus | undefined;
  currentNodes: string[];
  progress?: Progress | undefined;
  events: FlowEvent[];
  /** The last failure (a refused action or a failed read), cleared by the next success. */
  error?: Error | undefined;
  /** Until the first read of the instance answered. */
  loading: boolean;
  /** How it is kept current: the live stream, polling, or not at all once ended. */
  mode: FeedMode;
  /** True once the instance was deleted through this controller. */
  removed: boolean;
}

/** `pollMs`: the polling interval where the stream is unavailable (default 1000); `retry`: the stream's back-off. */
export type FlowControllerOptions = InstanceFeedOptions;

export interface FlowController {
  readonly id: string;
  getState(): FlowState;
  /** Follows the instance while subscribed; the returned function unsubscribes. */
  subscribe(listener: () => void): () => void;
  /** Re-reads now. */
  refresh(): Promise<void>;
  /** Runs a manual phase (or the one waiting node). Resolves to the new instance, or undefined when refused. */
  execute(node?: string, input?: Record<string, unknown>): Promise<Instance | undefined>;
  approve(node?: string, comment?: string): Promise<Instance | undefined>;
  reject(node?: string, comment?: string): Promise<Instance | undefined>;
  pause(): Promise<Instance | undefined>;
  resume(): Promise<Instance | undefined>;
  /** Cancels it; `reason` is kept in its history. */
  cancel(reason?: string): Promise<Instance | undefined>;
  remove(): Promise<boolean>;
}

const registry = new WeakMap<FlowService, Map<string, FlowController>>();

/** The controller of an instance for this service: the same object for every caller while anyone listens. */
export function flowController(service: FlowService, id: string, options: FlowControllerOptions = {}): FlowController {
  let byId = registry.get(service);
  if (!byId) {
    byId = new Map();
    registry.set(service, byId);
  }
  const known = byId.get(id);
  if (known) return known;
  const created = createFlowController(service, id, options, byId);
  byId.set(id, created);
  return created;
}

function createFlowController(
  service: FlowService,
  id: string,
  options: FlowControllerOptions,
  byId: Map<string, FlowController>,
): FlowController {
  const listeners = new Set<() => void>();
  let feedState: FeedState = { events: [], mode: "connecting" };
  let pending: InstanceStatus | undefined;
  let actionError: Error | undefined;
  let removed = false;
  // The newest instance seen (an action's answer or a read): a read that was already in flight when an action
  // was answered arrives later but is older, and must not show the old status again.
  let newest: Instance | undefined;
  let feed: InstanceFeed | undefined;
  let state = derive();

  function derive(): FlowState {
    const { instance } = feedState;
    return {
      instance,
      status: pending ?? instance?.status,
      currentNodes: instance?.currentNodes ?? [],
      progress: instance?.progress,
      events: feedState.events,
      error: actionError ?? (feedState.error ? new Error(feedState.error) : undefined),
      loading: !instance && !feedState.error && !removed,
      mode: feedState.mode,
      removed,
    };
  }
  const publish = () => {
    state = derive();
    for (const listener of listeners) listener();
  };

  /** Shows `expected` at once, sends, and keeps the answer or rolls back to the server's status. */
  async function act(expected: InstanceStatus, send: () => Promise<Instance>): Promise<Instance | undefined> {
    pending = expected;
    publish();
    try {
      const instance = await send();
      pending = undefined;
      actionError = undefined;
      newest = instance;
      feedState = { ...feedState, instance };
      publish();
      await feed?.refresh();
      return instance;
    } catch (error) {
      pending = undefined;
      actionError = error as Error;
      publish();
      return undefined;
    }
  }

  const controller: FlowController = {
    id,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        // Back in the registry if it had been left (React mounts, unmounts and mounts again in StrictMode).
        byId.set(id, controller);
        if (!removed)
          feed = createInstanceFeed(
            service,
            id,
            (next) => {
              const stale = newest && next.instance && next.instance.updatedAt < newest.updatedAt;
              if (!stale && next.instance) newest = next.instance;
              feedState = stale ? { ...next, instance: newest } : next;
              publish();
            },
            options,
          );
      }
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0) return;
        feed?.close();
        feed = undefined;
        if (byId.get(id) === controller) byId.delete(id);
      };
    },
    refresh: async () => feed?.refresh(),
    execute: (node, input) =>
      act("running", () => service.execute(id, { ...(node ? { node } : {}), ...(input ? { input } : {}) })),
    approve: (node, comment) =>
      act("running", () =>
        service.execute(id, { ...(node ? { node } : {}), decision: "approve", ...(comment ? { comment } : {}) }),
      ),
    reject: (node, comment) =>
      act("running", () =>
        service.execute(id, { ...(node ? { node } : {}), decision: "reject", ...(comment ? { comment } : {}) }),
      ),
    pause: () => act("paused", () => service.pause(id)),
    resume: () => act("running", () => service.resume(id)),
    cancel: (reason) => act("cancelled", () => service.cancel(id, reason ? { reason } : {})),
    async remove() {
      try {
        await service.remove(id);
        removed = true;
        actionError = undefined;
        feed?.close();
        feed = undefined;
        publish();
        return true;
      } catch (error) {
        actionError = error as Error;
        publish();
        return false;
      }
    },
  };
  return controller;
}
