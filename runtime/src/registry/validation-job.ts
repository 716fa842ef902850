/**
 * One definition check as plain data, so that it runs on the main thread or in the validation worker
 * (validation-worker.ts) with the same result: the definition, the tenant's published flow type ids, and where
 * its subflows lead (subflow-catalogue.ts) as entries instead of a function, since a worker gets a structured
 * clone. This file is also the worker's entry: started with the worker's data, it answers jobs.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  type Catalogue,
  type FlowDefinition,
  mergeCatalogues,
  type SubflowRef,
  type ValidationResult,
  validateFlow,
} from "@mfo/schemas";
import { compileFlow } from "../compiler/compile-flow.js";
import { definitionHash } from "./definition-hash.js";

export interface ValidationJob {
  definition: unknown;
  /** The tenant's published flow types: the subflow targets it may name. */
  flowTypeIds: string[];
  /** Where the definition's subflows lead: [subflowKey(flowType, version), its refs or undefined] pairs. */
  subflows: { nextVersion: number; targets: [string, SubflowRef[] | undefined][] };
  /** The tenant's secret names, when the definition reads any with $secret("name") (a missing one is an error). */
  secretNames?: string[];
  /**
   * Publishing: a valid definition is also compiled, so that a compiler bug cannot store a broken version, and
   * hashed (publish compares the hash with the latest version's).
   */
  compile: boolean;
}

export interface ValidationOutcome {
  result: ValidationResult;
  /** Set when a valid definition did not compile (a compiler bug: the publish fails as a 500). */
  compileError?: string;
  /** definitionHash of a valid definition, when compiled. */
  hash?: string;
}

/** The key of a subflow target (a flow type and its pinned version, or the latest when absent). */
export const subflowKey = (flowType: string, version: number | undefined) => `${flowType}@${version ?? ""}`;

/** Validates a job's definition with the runtime's catalogue plus the tenant's flow types (and compiles it). */
export function runValidationJob(catalogue: Catalogue, job: ValidationJob): ValidationOutcome {
  const known = new Map(job.subflows.targets);
  const result = validateFlow(
    job.definition,
    mergeCatalogues(catalogue, { handlers: [], validators: [], flowTypes: job.flowTypeIds }),
    {
      subflows: {
        nextVersion: job.subflows.nextVersion,
        targets: (flowType, version) => known.get(subflowKey(flowType, version)),
      },
      ...(job.secretNames ? { secrets: job.secretNames } : {}),
    },
  );
  if (!job.compile || !result.valid) return { result };
  try {
    const flow = job.definition as FlowDefinition;
    compileFlow(flow);
    return { result, hash: definitionHash(flow) };
  } catch (error) {
    return { result, compileError: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

/** What the worker is started with (validation-worker.ts): the catalogue once, so its compiled schemas stay cached. */
export interface ValidationWorkerData {
  role: "mfo-validation-worker";
  catalogue: Catalogue;
}

/**
 * A request to the worker and its answer, matched by id. The definition goes as its JSON text, not as an object:
 * copying a 460 KB string costs nothing, while a structured clone of the object holds the event loop 12-26 ms,
 * and the text is already made for the byte limit (definition-limits.ts).
 */
export type ValidationRequest = { id: number; job: Omit<ValidationJob, "definition">; definitionJson: string };
export type ValidationReply = { id: number; outcome: ValidationOutcome };

// Only a worker started as the validation worker answers jobs; importing this file elsewhere does nothing.
const data = workerData as ValidationWorkerData | undefined;
if (parentPort && data?.role === "mfo-validation-worker") {
  const port = parentPort;
  port.on("message", ({ id, job, definitionJson }: ValidationRequest) => {
    const outcome = runValidationJob(data.catalogue, { ...job, definition: JSON.parse(definitionJson) });
    port.postMessage({ id, outcome } satisfies ValidationReply);
  });
}
