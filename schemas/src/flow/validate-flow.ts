/**
 * validateFlow: the one check every layer runs (designer on each edit, API on publish, runtime before it
 * interprets, CLI). Stages: (1) is it a JSON tree at all, (2) flow.schema.json, (3) the graph rules JSON Schema
 * cannot express. All errors come back at once, in document order, and it never throws, whatever it is given.
 */
import { contractValidator } from "../ajv/create-ajv.js";
import { builtinCatalogue, indexCatalogue } from "../catalogue/catalogue.js";
import { sortErrors } from "../errors/sort-errors.js";
import { translateAjvErrors } from "../errors/translate-ajv-errors.js";
import type { Catalogue, ValidationError, ValidationResult } from "../generated/types.js";
import { inspectJson } from "../json/inspect-json.js";
import { parsePointer } from "../json/pointer.js";
import { buildGraph, type FlowGraph, isObject, type Rule } from "./flow-graph.js";
import { cyclesNeedDecisions } from "./rules/cycles.js";
import { branchFields, edgeEnds, outgoingCounts } from "./rules/edges.js";
import { eventWaits } from "./rules/event-waits.js";
import { startAndEnd, uniqueIds } from "./rules/identity.js";
import { parallelJoins } from "./rules/parallel.js";
import { patterns } from "./rules/patterns.js";
import { reachability } from "./rules/reachability.js";
import { references } from "./rules/references.js";
import { secretUses } from "./rules/secrets.js";
import { type SubflowCatalogue, subflowCycles } from "./rules/subflow-cycles.js";

/** The graph rules, in the order their errors read best when several hit one place. */
const rules: readonly Rule[] = [
  uniqueIds,
  startAndEnd,
  edgeEnds,
  outgoingCounts,
  branchFields,
  eventWaits,
  reachability,
  parallelJoins,
  cyclesNeedDecisions,
  references,
  patterns,
  subflowCycles,
  secretUses,
];

export interface ValidateFlowOptions {
  /** What published flow types' subflows run: with it, a subflow cycle back to this flow is an error. */
  subflows?: SubflowCatalogue;
  /** The tenant's secret names: with it, a `$secret("name")` naming another is an error (`secret-missing`). */
  secrets?: readonly string[];
}

/**
 * Fills in nodeId / edgeId from the path when a stage did not (schema errors know only the path). An edge's
 * error is anchored on its source node, when that node exists.
 */
function attachIds(error: ValidationError, graph: FlowGraph): ValidationError {
  if (error.nodeId !== undefined || error.edgeId !== undefined) return error;
  const [list, index] = parsePointer(error.path) ?? [];
  if ((list !== "nodes" && list !== "edges") || index === undefined || !/^\d+$/.test(index)) return error;
  const items = graph.document[list];
  const item = Array.isArray(items) ? items[Number(index)] : undefined;
  if (!isObject(item)) return error;
  const withIds = { ...error };
  if (list === "nodes" && typeof item.id === "string") withIds.nodeId = item.id;
  if (list === "edges") {
    if (typeof item.id === "string") withIds.edgeId = item.id;
    if (typeof item.source === "string" && graph.byId.has(item.source)) withIds.nodeId = item.source;
  }
  return withIds;
}

function validate(definition: unknown, catalogue: Catalogue, options: ValidateFlowOptions): ValidationError[] {
  if (!isObject(definition)) {
    const what =
      definition === null || definition === undefined
        ? String(definition)
        : Array.isArray(definition)
          ? "an array"
          : `a ${typeof definition}`;
    return [{ path: "", code: "not-an-object", message: `a flow definition must be a JSON object, not ${what}` }];
  }
  const notJson = inspectJson(definition);
  if (notJson) return [{ path: notJson.path, code: "not-json", message: notJson.message }];

  const schema = contractValidator("flow.schema.json");
  const errors: ValidationError[] = schema(definition) ? [] : translateAjvErrors(schema.errors);
  const graph = buildGraph(definition);
  const context = {
    graph,
    catalogue: indexCatalogue(catalogue),
    subflows: options.subflows,
    secrets: options.secrets ? new Set(options.secrets) : undefined,
    report: (error: ValidationError) => errors.push(error),
  };
  for (const rule of rules) rule(context);
  return sortErrors(errors.map((e) => attachIds(e, graph)));
}

/**
 * Validates a flow definition against flow.schema.json and the graph rules of FLOW-FORMAT.md, checking handler
 * and validator names, params and subflow targets against `catalogue` (the built-ins when absent), and, when
 * `options.subflows` says where published flow types lead, that no subflow leads back to this flow. Never
 * throws: anything it cannot handle comes back as an error with code `internal-error`.
 */
export function validateFlow(
  definition: unknown,
  catalogue: Catalogue = builtinCatalogue,
  options: ValidateFlowOptions = {},
): ValidationResult {
  try {
    const errors = validate(definition, catalogue, options);
    return { valid: errors.length === 0, errors };
  } catch (error) {
    // Reached only by values no JSON document can be (e.g. a Proxy whose getters throw) or by a bug here.
    const detail = error instanceof Error ? error.message : String(error);
    return { valid: false, errors: [{ path: "", code: "internal-error", message: `could not validate: ${detail}` }] };
  }
}
