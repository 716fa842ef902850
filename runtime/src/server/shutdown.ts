/**
 * How `mfo serve` stops on SIGTERM/SIGINT, within a bound even while browser tabs follow instances live. A run view
 * keeps an event stream open and reconnects it a second after each close, over a keep-alive connection that
 * `server.close()` alone never closes, so the server used to serve reconnection after reconnection for minutes.
 * The phases, each logged:
 *
 * 1. draining: the event bus closes, which ends every open stream at once; a stream asked for from now on answers
 *    503 with Retry-After (routes/stream.ts), and every answer closes its connection (app.ts), so clients
 *    reconnect elsewhere or fail fast. The server stops accepting connections and closes the idle ones.
 * 2. closing connections: after a short grace for requests in flight, every connection left is closed.
 * 3. closing the runtime: the worker, the registry, the expression pool and the database.
 *
 * Past `boundMs` in all, whatever still holds on is abandoned and the process exits anyway (status 1).
 */
import type { Server } from "node:http";
import type { Runtime } from "./create-runtime.js";

export interface StopOptions {
  /** How long requests in flight may take to finish before their connections are closed; default 1 s. */
  graceMs?: number;
  /** The most a stop may take; past it the process exits whatever still holds on; default 10 s. */
  boundMs?: number;
  /** Ends the process (process.exit; a test passes its own). */
  exit?: (code: number) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Stops serving and closes the runtime in the phases above; resolves with the exit status (0: all closed in
 * time). `options.exit` is called only if the bound passes first.
 */
export async function stopServing(server: Server, runtime: Runtime, options: StopOptions = {}): Promise<number> {
  const { graceMs = 1_000, boundMs = 10_000, exit = (code: number) => process.exit(code) } = options;
  const log = runtime.logger.child({ part: "shutdown" });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const bound = setTimeout(() => {
    log.error({ ms: elapsed(), boundMs }, "stop did not finish within its bound; exiting anyway");
    exit(1);
  }, boundMs);
  bound.unref();

  log.info({ phase: "draining", connections: await connectionCount(server) }, "stopping");
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await runtime.events.close();
  server.closeIdleConnections();

  const graceful = await Promise.race([closed.then(() => true), sleep(graceMs).then(() => false)]);
  if (!graceful) {
    log.info({ phase: "closing connections", connections: await connectionCount(server), ms: elapsed() }, "stopping");
    server.closeAllConnections();
    await closed;
  }

  log.info({ phase: "closing the runtime", ms: elapsed() }, "stopping");
  await runtime.close();
  clearTimeout(bound);
  log.info({ ms: elapsed() }, "stopped");
  return 0;
}

function connectionCount(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? -1 : count)));
}
