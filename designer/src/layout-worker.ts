/**
 * Auto layout's engine in the browser: ELK in a Web Worker, so laying out a large flow never freezes the page.
 * elkjs leaves a layout pending forever when its worker fails (a script that cannot load), so a worker error rejects
 * the layouts in flight and the core then falls back to ELK on the page's own thread.
 */
import ELK from "elkjs/lib/elk-api.js";
import elkWorker from "elkjs/lib/elk-worker.min.js?url";
import type { LayoutEngine } from "./core/index.js";

/** An engine for setLayoutEngine that runs ELK in a Web Worker. */
export function createWorkerEngine(): LayoutEngine {
  const inFlight = new Set<(error: unknown) => void>();
  const elk = new ELK({
    workerUrl: elkWorker,
    workerFactory: (url) => {
      const worker = new Worker(url ?? elkWorker);
      worker.addEventListener("error", (event) => {
        for (const reject of inFlight) reject(new Error(`the layout worker failed: ${event.message}`));
        inFlight.clear();
      });
      return worker;
    },
  });
  return {
    layout: (graph) =>
      new Promise((resolve, reject) => {
        inFlight.add(reject);
        elk
          .layout(graph)
          .then(resolve, reject)
          .finally(() => inFlight.delete(reject));
      }),
  };
}
