/** useFlows: a list of instances by filters, paged with `loadMore`; a thin wrapper around flow-list.ts. */

import type { FlowFilters, FlowService } from "@mfo/client";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { useFlowService } from "./context.js";
import { createFlowList, type FlowListState } from "./flow-list.js";

export interface UseFlowsResult extends FlowListState {
  loadMore(): Promise<void>;
  reload(): Promise<void>;
}

export function useFlows(filters: Omit<FlowFilters, "cursor"> = {}, service?: FlowService): UseFlowsResult {
  const found = useFlowService(service);
  const { status, flowType, active, limit } = filters;
  const list = useMemo(
    () =>
      createFlowList(found, {
        ...(status ? { status } : {}),
        ...(flowType ? { flowType } : {}),
        ...(active ? { active } : {}),
        ...(limit ? { limit } : {}),
      }),
    [found, status, flowType, active, limit],
  );
  useEffect(() => {
    void list.reload();
  }, [list]);
  const state = useSyncExternalStore(list.subscribe, list.getState);
  return { ...state, loadMore: list.loadMore, reload: list.reload };
}
