/** The FlowService the hooks use when none is passed to them: provide it once near the top of the app. */

import type { FlowService } from "@mfo/client";
import { createContext, createElement, type ReactNode, useContext } from "react";

const FlowServiceContext = createContext<FlowService | undefined>(undefined);

export function FlowServiceProvider({ service, children }: { service: FlowService; children?: ReactNode }) {
  return createElement(FlowServiceContext.Provider, { value: service }, children);
}

/** The given service, else the provided one; throws (a programming error) when there is neither. */
export function useFlowService(service?: FlowService): FlowService {
  const provided = useContext(FlowServiceContext);
  const found = service ?? provided;
  if (!found) throw new Error("useFlow needs a FlowService: pass { service } or wrap the app in <FlowServiceProvider>");
  return found;
}
