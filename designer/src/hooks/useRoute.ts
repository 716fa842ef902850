/** A small router over the History API: the runtime serves index.html for every designer path. */
import { useEffect, useState } from "react";

export type Route =
  | { page: "flows" }
  | { page: "new"; from?: string }
  | { page: "edit"; flowType: string; version?: number }
  | { page: "instances"; flowType?: string }
  /** at: the seq of the event the run view shows the run as of (time travel); absent: live. */
  | { page: "run"; instanceId: string; at?: number }
  | { page: "secrets" }
  | { page: "missing"; path: string };

/** Parses a pathname (and query) into a route. */
export function parseRoute(pathname: string, search = ""): Route {
  const query = new URLSearchParams(search);
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: "flows" };
  if (parts[0] === "new" && parts.length === 1)
    return { page: "new", ...(query.get("from") ? { from: query.get("from") as string } : {}) };
  if (parts[0] === "flows" && parts[1] && (parts.length === 2 || parts[2] === "edit")) {
    const version = Number(query.get("version"));
    return { page: "edit", flowType: parts[1], ...(Number.isInteger(version) && version > 0 ? { version } : {}) };
  }
  if (parts[0] === "secrets" && parts.length === 1) return { page: "secrets" };
  if (parts[0] === "instances" && parts.length === 1)
    return { page: "instances", ...(query.get("flowType") ? { flowType: query.get("flowType") as string } : {}) };
  if (parts[0] === "instances" && parts[1]) {
    const at = query.get("at") ? Number(query.get("at")) : Number.NaN;
    return { page: "run", instanceId: parts[1], ...(Number.isInteger(at) && at >= 0 ? { at } : {}) };
  }
  return { page: "missing", path: pathname };
}

export function navigate(path: string): void {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** The run view of an instance, live or (with `at`) as of the event with that seq. */
export const runPath = (instanceId: string, at?: number) =>
  `/instances/${encodeURIComponent(instanceId)}${at === undefined ? "" : `?at=${at}`}`;

/** Where a flow type's draft is edited. */
export const editPath = (flowType: string) => `/flows/${encodeURIComponent(flowType)}/edit`;

/**
 * Makes the address name what the page already shows (a new flow once saved under its id), in place: the page is
 * not opened again (no popstate), a reload opens the same thing, and Back does not return to the old address.
 */
export function replaceRoute(path: string): void {
  if (`${window.location.pathname}${window.location.search}` !== path) window.history.replaceState(null, "", path);
}

const currentRoute = (): Route => parseRoute(window.location.pathname, window.location.search);

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  return route;
}
