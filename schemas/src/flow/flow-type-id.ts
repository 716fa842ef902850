/**
 * The flow-type id rule of flow.schema.json ($defs/flowTypeId), compiled once for the code that checks an id
 * outside a whole definition (a URL parameter, the editor's "save as").
 */
import flowSchema from "../contract/flow.schema.json" with { type: "json" };

/** A lowercase letter, then lowercase letters, digits or '-' (at most 63 characters). */
export const FLOW_TYPE_ID_PATTERN = new RegExp(flowSchema.$defs.flowTypeId.pattern);

/** The rule in words, for error messages. */
export const FLOW_TYPE_ID_RULE = flowSchema.$defs.flowTypeId.description;

/** Whether `id` may name a flow type. */
export const isFlowTypeId = (id: unknown): id is string => typeof id === "string" && FLOW_TYPE_ID_PATTERN.test(id);
