/**
 * The Node HTTP server a runtime's app is served on (`mfo serve`, the test harness): bounded against slow and
 * oversized clients, so a slowloris (a head sent a byte at a time, or never finished) holds a socket for at most
 * MFO_HEADERS_TIMEOUT_MS instead of Node's minute-and-a-half.
 */
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { ServerLimits } from "./config.js";

export interface ListenOptions {
  port: number;
  host: string;
  limits: ServerLimits;
}

/** The server's options from the limits (exported for the config test). */
export function serverOptionsOf(limits: ServerLimits) {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    // Node enforces both timeouts on a sweep every 30 s by default, which would let a slow head live up to 30 s
    // past its bound; sweeping at a quarter of the head timeout keeps the bound near what is configured.
    connectionsCheckingInterval: Math.max(25, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/**
 * Serves `app` on host:port with the limits and resolves once it listens; rejects (with a message naming PORT
 * when the port is taken) if it cannot.
 */
export async function listen(app: Hono, { port, host, limits }: ListenOptions): Promise<Server> {
  const server = serve({ fetch: app.fetch, port, hostname: host, serverOptions: serverOptionsOf(limits) }) as Server;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new Error(`port ${port} on ${host} is in use; set PORT to another`) : error);
    });
  });
  return server;
}
