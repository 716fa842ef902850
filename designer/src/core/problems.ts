/**
 * Validation, shaped for the editor: validateFlow's errors grouped by node and edge (for badges on the canvas)
 * and as a problems list, in validateFlow's order, where each problem names what to select when it is clicked.
 * The rules themselves live only in @mfo/schemas, so the designer reports exactly what publishing would.
 */
import { type Catalogue, type FlowDefinition, type ValidationError, validateFlow } from "@mfo/schemas";

/** What a problem is about: a node, an edge, or the flow as a whole (its id, name, input, settings, ...). */
export type ProblemTarget =
  | { readonly kind: "node"; readonly id: string }
  | { readonly kind: "edge"; readonly id: string }
  | { readonly kind: "flow"; readonly id: string };

/** One line of the problems list. */
export interface FlowProblem {
  readonly code: string;
  readonly message: string;
  /** JSON pointer into the document, for the JSON view. */
  readonly path: string;
  readonly target: ProblemTarget;
  readonly error: ValidationError;
}

/** Errors by what they belong to. */
export interface GroupedErrors {
  /** Errors about a node itself (not about one of its edges). */
  readonly byNode: ReadonlyMap<string, readonly ValidationError[]>;
  /** Errors about an edge (validateFlow also names the edge's source node; they are shown on the edge). */
  readonly byEdge: ReadonlyMap<string, readonly ValidationError[]>;
  /** Errors about neither: the flow's own fields, a missing start or end. */
  readonly flow: readonly ValidationError[];
}

/** Where a problem should take the user: the edge when it names one, else its node, else the flow. */
export function problemTarget(error: ValidationError, flowId = ""): ProblemTarget {
  if (error.edgeId !== undefined) return { kind: "edge", id: error.edgeId };
  if (error.nodeId !== undefined) return { kind: "node", id: error.nodeId };
  return { kind: "flow", id: flowId };
}

/** Groups errors by node, edge or flow (see GroupedErrors), keeping their order within each group. */
export function groupErrors(errors: readonly ValidationError[]): GroupedErrors {
  const byNode = new Map<string, ValidationError[]>();
  const byEdge = new Map<string, ValidationError[]>();
  const flow: ValidationError[] = [];
  const add = (map: Map<string, ValidationError[]>, id: string, error: ValidationError) => {
    const list = map.get(id);
    if (list) list.push(error);
    else map.set(id, [error]);
  };
  for (const error of errors) {
    const target = problemTarget(error);
    if (target.kind === "edge") add(byEdge, target.id, error);
    else if (target.kind === "node") add(byNode, target.id, error);
    else flow.push(error);
  }
  return { byNode, byEdge, flow };
}

/** The problems list for these errors, in the order given (validateFlow's: document order). */
export function toProblems(errors: readonly ValidationError[], flowId = ""): FlowProblem[] {
  return errors.map((error) => ({
    code: error.code,
    message: error.message,
    path: error.path,
    target: problemTarget(error, flowId),
    error,
  }));
}

/** Everything the editor shows about a document's validity. */
export interface FlowCheck extends GroupedErrors {
  readonly valid: boolean;
  readonly errors: readonly ValidationError[];
  readonly problems: readonly FlowProblem[];
}

/**
 * Validates `doc` with validateFlow (against `catalogue`, the built-ins when absent) and returns its errors
 * grouped for badges and listed as problems. Never throws, whatever the document holds.
 */
export function checkFlow(doc: FlowDefinition, catalogue?: Catalogue): FlowCheck {
  const { valid, errors } = validateFlow(doc, catalogue);
  const flowId = typeof doc?.id === "string" ? doc.id : "";
  return { valid, errors, problems: toProblems(errors, flowId), ...groupErrors(errors) };
}
