/**
 * What one node of a run did (GET /flows/{id}/nodes/{nodeId}), read when the panel opens and again whenever the live
 * feed brings an event about that node (an attempt finished, a decision was taken). A failed read keeps the error
 * for the panel to show with a "Try again" (`reload`); the data read last stays on screen while a new read runs.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { FlowEvent, NodeData } from "@mfo/schemas";
import { useCallback, useEffect, useMemo, useState } from "react";

export interface NodeDataRead {
  data: NodeData | undefined;
  loading: boolean;
  error: string | undefined;
  reload(): void;
}

/** The seq of the latest event about the node: a change means there may be more to read. */
export function lastSeqOf(events: readonly FlowEvent[], nodeId: string | undefined): number {
  if (!nodeId) return 0;
  for (let i = events.length - 1; i >= 0; i--) if (events[i]?.nodeId === nodeId) return events[i]?.seq ?? 0;
  return 0;
}

export function useNodeData(
  api: ApiClient,
  instanceId: string,
  nodeId: string | undefined,
  events: readonly FlowEvent[],
): NodeDataRead {
  // Kept with the node they are about, so another node never shows the last one's data or error under its heading.
  const [read, setRead] = useState<{ nodeId: string; data?: NodeData; error?: string } | undefined>();
  const [loading, setLoading] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const seq = useMemo(() => lastSeqOf(events, nodeId), [events, nodeId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: seq and attempt are the triggers to read again
  useEffect(() => {
    if (!nodeId) return;
    let current = true;
    setLoading(true);
    api.nodeData(instanceId, nodeId).then(
      (data) => {
        if (!current) return;
        setRead({ nodeId, data });
        setLoading(false);
      },
      (e: Error) => {
        if (!current) return;
        // The data read before stays (a refresh that failed does not blank the panel), with the error beside it.
        setRead((was) => ({
          nodeId,
          ...(was?.nodeId === nodeId && was.data ? { data: was.data } : {}),
          error: e.message,
        }));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [api, instanceId, nodeId, seq, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const mine = read?.nodeId === nodeId ? read : undefined;
  return { data: mine?.data, loading, error: mine?.error, reload };
}
