/**
 * How big a flow definition may be (MFO_MAX_DEFINITION_NODES, _EDGES, _BYTES), checked before anything costly:
 * validation time grows with the graph, so a definition just under the 1 MiB body limit (3,500 nodes) held
 * the event loop for seconds before validation moved to a worker, and still takes a worker that long.
 */
import { AppError, invalid } from "../errors.js";

export interface DefinitionLimits {
  /** MFO_MAX_DEFINITION_NODES: most nodes a definition may have. */
  maxNodes: number;
  /** MFO_MAX_DEFINITION_EDGES: most edges a definition may have. */
  maxEdges: number;
  /** MFO_MAX_DEFINITION_BYTES: most bytes of a definition as compact JSON (UTF-8). */
  maxBytes: number;
}

/**
 * The limits when no variable sets them: twice the designer benchmark's 1,000-node flow (1,343 edges, 231 KB),
 * and far above every template and example (the biggest has 13 nodes, 14 edges and 6.4 KB).
 */
export const DEFAULT_DEFINITION_LIMITS: Readonly<DefinitionLimits> = {
  maxNodes: 2_000,
  maxEdges: 4_000,
  maxBytes: 512 * 1024,
};

/** A definition's size as the limits count it, and the compact JSON its bytes were counted in. */
export interface DefinitionSize {
  nodes: number;
  edges: number;
  bytes: number;
  json: string;
}

const lengthOf = (definition: unknown, key: string): number => {
  const list =
    definition !== null && typeof definition === "object" ? (definition as Record<string, unknown>)[key] : [];
  return Array.isArray(list) ? list.length : 0;
};

/**
 * The definition's size, or an error when it is over a limit: 422 for nodes or edges, 413 for bytes, naming the
 * limit and the size. Counts come first, as they cost nothing; the bytes need the definition serialised.
 */
export function checkDefinitionSize(definition: unknown, limits: DefinitionLimits): DefinitionSize {
  for (const [key, limit, variable] of [
    ["nodes", limits.maxNodes, "MFO_MAX_DEFINITION_NODES"],
    ["edges", limits.maxEdges, "MFO_MAX_DEFINITION_EDGES"],
  ] as const) {
    const count = lengthOf(definition, key);
    if (count > limit) {
      const message = `the definition has ${count} ${key}, more than the limit of ${limit} (${variable})`;
      throw invalid(message, [{ path: `/${key}`, code: `too-many-${key}`, message }], "definition-too-large");
    }
  }
  const json = JSON.stringify(definition) ?? "null";
  const bytes = Buffer.byteLength(json);
  if (bytes > limits.maxBytes) {
    const message = `the definition is ${bytes} bytes as JSON, more than the limit of ${limits.maxBytes} (MFO_MAX_DEFINITION_BYTES)`;
    throw new AppError(413, "definition-too-large", message, [{ path: "", code: "too-large", message }]);
  }
  return { nodes: lengthOf(definition, "nodes"), edges: lengthOf(definition, "edges"), bytes, json };
}
