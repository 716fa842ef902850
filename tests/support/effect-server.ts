/**
 * A loopback HTTP server that stands for the outside world an `http` phase changes: it records the
 * idempotency key of every call it receives, so a test can see side effects from outside the runtime (each one
 * happened at least once, re-runs kept their key), and it can answer slowly or not at all, so a kill lands
 * while a handler is in flight.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface EffectServer {
  /** http://127.0.0.1:PORT/effect */
  url: string;
  /** The idempotency-key header of each call, in arrival order. */
  keys: string[];
  /** Closes the server and any connection still held open. */
  close(): Promise<void>;
}

export interface EffectServerOptions {
  /** Answer after this long (default at once). */
  delayMs?: number;
  /** Calls (0-based) that are never answered: the caller stays in flight until it dies. */
  hold?: (call: number) => boolean;
}

export async function startEffectServer(options: EffectServerOptions = {}): Promise<EffectServer> {
  const keys: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const call = keys.length;
    keys.push(String(request.headers["idempotency-key"]));
    request.resume();
    if (options.hold?.(call)) return;
    const answer = () => {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ answered: call + 1 }));
    };
    if (!options.delayMs) return answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, options.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/effect`,
    keys,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
