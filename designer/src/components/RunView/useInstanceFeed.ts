/** The run view's live instance: a thin React wrapper around the framework-free instance feed. */
import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiClient } from "../../api/api-client.js";
import { createInstanceFeed, type FeedState, type InstanceFeed } from "../../api/instance-feed.js";

export function useInstanceFeed(api: ApiClient, instanceId: string): FeedState & { refresh(): Promise<void> } {
  const [state, setState] = useState<FeedState>({ events: [], mode: "connecting" });
  const feed = useRef<InstanceFeed | undefined>(undefined);
  useEffect(() => {
    const current = createInstanceFeed(api, instanceId, setState);
    feed.current = current;
    return () => current.close();
  }, [api, instanceId]);
  const refresh = useCallback(async () => feed.current?.refresh(), []);
  return { ...state, refresh };
}
