/**
 * The framework-free core behind useFlows: one page of instances at a time, newest first, with the API's cursor;
 * `loadMore` appends the next page, `reload` starts again (a change of filters is a new list).
 */

import type { FlowFilters, FlowService } from "@mfo/client";
import type { InstanceSummary } from "@mfo/schemas";

export interface FlowListState {
  items: InstanceSummary[];
  /** Whether another page can be loaded. */
  hasMore: boolean;
  loading: boolean;
  error?: Error | undefined;
}

export interface FlowList {
  getState(): FlowListState;
  subscribe(listener: () => void): () => void;
  loadMore(): Promise<void>;
  reload(): Promise<void>;
}

export function createFlowList(service: FlowService, filters: Omit<FlowFilters, "cursor"> = {}): FlowList {
  const listeners = new Set<() => void>();
  // Loading from the start: the first page is asked for as soon as the list is shown.
  let state: FlowListState = { items: [], hasMore: false, loading: true };
  let cursor: string | null = null;
  let generation = 0;

  const set = (patch: Partial<FlowListState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  async function load(after: string | null): Promise<void> {
    const mine = ++generation;
    set({ loading: true });
    try {
      const page = await service.listFlows({ ...filters, ...(after ? { cursor: after } : {}) });
      if (mine !== generation) return; // a reload overtook this page
      cursor = page.nextCursor;
      set({
        items: after ? [...state.items, ...page.items] : page.items,
        hasMore: Boolean(page.nextCursor),
        loading: false,
        error: undefined,
      });
    } catch (error) {
      if (mine === generation) set({ loading: false, error: error as Error });
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    loadMore: () => (cursor && !state.loading ? load(cursor) : Promise.resolve()),
    reload: () => load(null),
  };
}
