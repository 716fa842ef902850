/**
 * One worker thread that validates big definitions (validation-job.ts), so that validating one never holds the
 * event loop that answers every other request: a 2,000-node definition takes 27 ms warm and 200-450 ms cold or
 * on a loaded machine, and the main thread only pays for sending its JSON text. A worker, not chunking: ajv
 * checks a document in one synchronous call, so chunking would mean splitting the definition and rewriting
 * every rule to yield. One worker, not a pool: validations are rare (publish, draft save, the designer's
 * validate); jobs queue in its message port.
 */
import { Worker } from "node:worker_threads";
import type { Catalogue } from "@mfo/schemas";
import type {
  ValidationJob,
  ValidationOutcome,
  ValidationReply,
  ValidationRequest,
  ValidationWorkerData,
} from "./validation-job.js";

export interface ValidationWorker {
  /**
   * Validates in the worker, started on first use (and again after it died). `definitionJson` is the job's
   * definition as JSON text (what is sent instead of the object); without it, the definition is serialised here.
   */
  run(job: ValidationJob, definitionJson?: string): Promise<ValidationOutcome>;
  /** Stops the worker; a later run starts a new one. */
  close(): Promise<void>;
}

// Built, this module is dist/registry/validation-worker.js beside validation-job.js. Under vitest it is the
// TypeScript source, and the worker runs validation-job.ts through tsx (a thread has no vitest transform).
const fromSource = import.meta.url.endsWith(".ts");
const entry = new URL(`./validation-job${fromSource ? ".ts" : ".js"}`, import.meta.url);
const execArgv = fromSource ? ["--import", "tsx"] : [];

/** A validation worker for this runtime's catalogue (sent once, so the worker's compiled schemas stay cached). */
export function createValidationWorker(catalogue: Catalogue): ValidationWorker {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: ValidationOutcome) => void; reject: (e: Error) => void }>();

  const fail = (error: Error) => {
    worker = undefined;
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    const data: ValidationWorkerData = { role: "mfo-validation-worker", catalogue };
    const started = new Worker(entry, { workerData: data, execArgv });
    started.on("message", ({ id, outcome }: ValidationReply) => {
      const call = pending.get(id);
      pending.delete(id);
      call?.resolve(outcome);
      // Idle, it must not keep the process alive (tests and `mfo` commands end when their work does).
      if (pending.size === 0) started.unref();
    });
    started.on("error", (error) => {
      if (worker === started) fail(error);
    });
    started.on("exit", (code) => {
      if (worker === started) fail(new Error(`the validation worker stopped (exit code ${code})`));
    });
    return started;
  };

  return {
    run({ definition, ...rest }, definitionJson = JSON.stringify(definition) ?? "null") {
      worker ??= start();
      const id = nextId++;
      const running = worker;
      running.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        running.postMessage({ id, job: rest, definitionJson } satisfies ValidationRequest);
      });
    },
    async close() {
      const stopping = worker;
      if (!stopping) return;
      fail(new Error("the validation worker was closed"));
      await stopping.terminate();
    },
  };
}
