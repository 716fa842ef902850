/**
 * Calls a runtime's API in process (no socket) as its admin: what in-process tests of routes use, so each does not
 * write its own fetch wrapper.
 */
import type { Runtime } from "../server/create-runtime.js";

/** A caller of `/api/v1` paths on `runtime()` (a function, since tests create the runtime in beforeAll). */
export function apiCaller(runtime: () => Runtime) {
  return async (method: string, path: string, body?: unknown) => {
    const { app, adminKey } = runtime();
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await app.request(`/api/v1${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      requestId: response.headers.get("x-request-id"),
    };
  };
}
