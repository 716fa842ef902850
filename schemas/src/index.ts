/**
 * @mfo/schemas: the flow definition contract. JSON Schemas (the single source of truth), the types derived
 * from them, validateFlow with the graph rules, the node-type registry, the handler/validator catalogue, and the
 * REST API's route table (paths, roles, bodies) that types the client.
 * No I/O, no React, no server code: the designer, the runtime and the CLI all import this.
 */
import apiSchema from "./contract/api.schema.json" with { type: "json" };
import catalogueSchema from "./contract/catalogue.schema.json" with { type: "json" };
import flowSchema from "./contract/flow.schema.json" with { type: "json" };

export { checkUserSchema, EXPRESSION_FORMAT, JSON_SCHEMA_KEYWORD } from "./ajv/create-ajv.js";
export { linearRegExp, MAX_PATTERN_PROGRAM, patternProblem } from "./ajv/linear-regexp.js";
export {
  ACTIVE_STATUSES,
  ENDED_STATUSES,
  HELD_STATUSES,
  INSTANCE_STATUSES,
  isActive,
  isEnded,
} from "./api/instance-status.js";
export type {
  BodyOf,
  BodyTypeOf,
  PathParamsOf,
  QueryOf,
  ResponseOf,
  RouteOf,
} from "./api/route-types.js";
export {
  API_PREFIX,
  type BodyRef,
  type Method,
  pathParamsOf,
  type RouteKey,
  type RouteSpec,
  routeKeyOf,
  routeOf,
  routes,
  urlPathOf,
} from "./api/routes.js";
export { type ApiBodyName, validateBody } from "./api/validate-body.js";
export { validateWithUserSchema } from "./api/validate-with-user-schema.js";
export { builtinCatalogue, type CatalogueIndex, indexCatalogue, mergeCatalogues } from "./catalogue/catalogue.js";
export {
  checkExpression,
  describeExpressionProblem,
  EXPRESSION_PREFIX,
  type ExpressionProblem,
  isDynamicValue,
} from "./expression/check-expression.js";
export { SECRET_NAME_PATTERN, type SecretCalls, secretCalls } from "./expression/secret-calls.js";
export { FLOW_TYPE_ID_PATTERN, FLOW_TYPE_ID_RULE, isFlowTypeId } from "./flow/flow-type-id.js";
export { findParallelJoins } from "./flow/rules/parallel.js";
export { literalParams } from "./flow/rules/references.js";
export { type SecretReference, secretReferences } from "./flow/rules/secrets.js";
export { type SubflowCatalogue, type SubflowRef, subflowRefs } from "./flow/rules/subflow-cycles.js";
export { type ValidateFlowOptions, validateFlow } from "./flow/validate-flow.js";
export type * from "./generated/types.js";
export { inspectJson } from "./json/inspect-json.js";
export { comparePointers, escapePointerToken, parsePointer, pointer, resolvePointer } from "./json/pointer.js";
export {
  type NodeType,
  type NodeTypeBehaviour,
  type NodeTypeInfo,
  nodeTypeInfo,
  nodeTypes,
} from "./node-types/node-types.js";
export { apiSchema, catalogueSchema, flowSchema };
