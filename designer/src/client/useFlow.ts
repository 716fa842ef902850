/**
 * useFlow: one instance, live, with the operator's actions. A thin useSyncExternalStore wrapper around the shared
 * flow controller (flow-controller.ts), so any number of components following one instance share one stream.
 * Given `{ flowType, input }` instead of an id, it follows the instance that `create()` starts.
 */

import type { FlowService } from "@mfo/client";
import type { Instance } from "@mfo/schemas";
import { useCallback, useMemo, useState, useSyncExternalStore } from "react";
import { useFlowService } from "./context.js";
import { type FlowController, type FlowState, flowController } from "./flow-controller.js";

export type FlowTarget = string | { flowType: string; input?: Record<string, unknown>; name?: string };

export interface UseFlowOptions {
  service?: FlowService;
  /** Polling interval where the stream is unavailable (ms). */
  pollMs?: number;
}

export interface UseFlowResult extends FlowState {
  /** Starts the instance of a `{ flowType, input }` target (and follows it). */
  create(): Promise<Instance | undefined>;
  execute: FlowController["execute"];
  approve: FlowController["approve"];
  reject: FlowController["reject"];
  pause: FlowController["pause"];
  resume: FlowController["resume"];
  cancel: FlowController["cancel"];
  remove: FlowController["remove"];
}

const IDLE: FlowState = { currentNodes: [], events: [], loading: false, mode: "connecting", removed: false };
const noop = () => () => {};
const refused = async () => undefined;

/** Follows the instance `target` (an id) or the one `create()` starts from `{ flowType, input }`. */
export function useFlow(target: FlowTarget, options: UseFlowOptions = {}): UseFlowResult {
  const service = useFlowService(options.service);
  const [created, setCreated] = useState<{ id?: string; error?: Error; creating: boolean }>({ creating: false });
  const id = typeof target === "string" ? target : created.id;
  const { pollMs } = options;
  const controller = useMemo(
    () => (id ? flowController(service, id, pollMs === undefined ? {} : { pollMs }) : undefined),
    [service, id, pollMs],
  );
  const subscribe = useCallback((listener: () => void) => controller?.subscribe(listener) ?? noop(), [controller]);
  const state = useSyncExternalStore(subscribe, () => controller?.getState() ?? IDLE);

  const flowType = typeof target === "string" ? undefined : target.flowType;
  const request = typeof target === "string" ? undefined : target;
  const create = useCallback(async () => {
    if (!request || !flowType) return undefined;
    setCreated({ creating: true });
    try {
      const instance = await service.createFlow({
        flowType,
        ...(request.input ? { input: request.input } : {}),
        ...(request.name ? { name: request.name } : {}),
      });
      setCreated({ id: instance.id, creating: false });
      return instance;
    } catch (error) {
      setCreated({ error: error as Error, creating: false });
      return undefined;
    }
  }, [service, flowType, request]);

  return {
    ...state,
    ...(created.error && !controller ? { error: created.error } : {}),
    loading: state.loading || created.creating,
    create,
    execute: controller?.execute ?? refused,
    approve: controller?.approve ?? refused,
    reject: controller?.reject ?? refused,
    pause: controller?.pause ?? refused,
    resume: controller?.resume ?? refused,
    cancel: controller?.cancel ?? refused,
    remove: controller ? controller.remove : async () => false,
  };
}
