// Generated from src/contract/*.schema.json by scripts/generate-types.mjs. Do not edit: change a schema and
// run `npm run generate -w schemas`.

/**
 * a lowercase letter, then lowercase letters, digits or '-' (at most 63 characters)
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "flowTypeId".
 */
export type FlowTypeId = string;
/**
 * a letter or '_', then letters, digits, '_' or '-' (at most 64 characters); not __proto__, constructor or prototype
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "nodeId".
 */
export type NodeId = string;
/**
 * a handler or validator name: a letter, then letters, digits, '_', '.', ':' or '-'
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "name".
 */
export type CatalogueName = string;
/**
 * a JSONata expression over the instance context
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "expression".
 */
export type Expression = string;
/**
 * upper bound of one attempt, in milliseconds
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "timeoutMs".
 */
export type TimeoutMs = number;
/**
 * what happens when the phase still fails after its retries: "fail" (the default), "continue", or { "goto": "<nodeId>" }
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "onError".
 */
export type OnError = ("fail" | "continue") | OnErrorGoto;
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "node".
 */
export type FlowNode =
  StartNode | PhaseNode | DecisionNode | ParallelNode | JoinNode | WaitNode | ApprovalNode | SubflowNode | EndNode;
/**
 * Where every instance begins; exactly one per flow.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "startNode".
 */
export type StartNode = NodeBase & StartNode1;
/**
 * Runs a handler with params, then checks its output with validators; retried with backoff.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "phaseNode".
 */
export type PhaseNode = NodeBase & PhaseNode1;
/**
 * Takes the first outgoing edge whose condition is true, else the default edge.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "decisionNode".
 */
export type DecisionNode = NodeBase & DecisionNode1;
/**
 * Starts every outgoing branch at once; the branches meet again at a join.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "parallelNode".
 */
export type ParallelNode = NodeBase & ParallelNode1;
/**
 * Continues once every branch of its parallel has arrived.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "joinNode".
 */
export type JoinNode = NodeBase & JoinNode1;
/**
 * A durable timer: waits delayMs, or until the time an expression gives, or for a correlated event (POST /events) with the name and key given.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "waitNode".
 */
export type WaitNode = NodeBase & WaitNode1 & WaitNode2;
export type WaitNode1 = {};
/**
 * a JSONata expression giving an ISO 8601 time
 */
export type Expression1 = string;
/**
 * a correlated event's name, e.g. payment.received
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "eventName".
 */
export type EventName = string;
/**
 * Waits for an operator to approve or reject; outgoing edges carry on: approve | reject.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "approvalNode".
 */
export type ApprovalNode = NodeBase & ApprovalNode1;
/**
 * Runs an instance of another published flow type and continues when it ends.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "subflowNode".
 */
export type SubflowNode = NodeBase & SubflowNode1;
/**
 * a JSONata expression giving the child's input
 */
export type Expression2 = string;
/**
 * Ends the instance with its outcome.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "endNode".
 */
export type EndNode = NodeBase & EndNode1;
/**
 * decision edges: taken when this JSONata expression is true
 */
export type Expression3 = string;
/**
 * JSON Schema that an instance's input must satisfy.
 */
export type InputSchema =
  | {
      [k: string]: unknown | undefined;
    }
  | boolean;
/**
 * quarantined: a step was interrupted (the process running it crashed or was killed) too many times in a row; nothing runs until an operator resumes or cancels the instance
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "instanceStatus".
 */
export type InstanceStatus = "running" | "waiting" | "paused" | "quarantined" | "completed" | "failed" | "cancelled";
/**
 * a letter or '_', then letters, digits, '_' or '-' (at most 64 characters); not __proto__, constructor or prototype
 */
export type NodeId1 = string;
/**
 * lower-case letters, digits and dashes, starting with a letter
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "tenantId".
 */
export type TenantId = string;
/**
 * admin: tenants, keys, everything; architect: flow types; operator: instances; viewer: read
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "role".
 */
export type Role = "admin" | "architect" | "operator" | "viewer";
export type Validators = {
  type: string;
  ok: boolean;
  message?: string;
}[];
export type Logs = {
  at: string;
  level: "debug" | "info" | "warn" | "error";
  message: string;
  fields?: {
    [k: string]: unknown | undefined;
  };
}[];

/** Every definition of the schemas by its $defs name (e.g. MfoSchemas["instance"] is Instance). */
export interface MfoSchemas {
  flowTypeId: FlowTypeId;
  nodeId: NodeId;
  name: CatalogueName;
  expression: Expression;
  ui: Ui;
  retry: RetryPolicy;
  timeoutMs: TimeoutMs;
  onError: OnError;
  settings: FlowSettings;
  validatorRef: ValidatorRef;
  nodeBase: NodeBase;
  node: FlowNode;
  startNode: StartNode;
  phaseNode: PhaseNode;
  decisionNode: DecisionNode;
  parallelNode: ParallelNode;
  joinNode: JoinNode;
  waitNode: WaitNode;
  eventWait: EventWait;
  eventName: EventName;
  approvalNode: ApprovalNode;
  subflowNode: SubflowNode;
  endNode: EndNode;
  edge: FlowEdge;
  flowDefinition: FlowDefinition;
  entry: CatalogueEntry;
  catalogue: Catalogue;
  validationError: ValidationError;
  validationResult: ValidationResult;
  problem: Problem;
  publishResponse: PublishResponse;
  flowTypeSummary: FlowTypeSummary;
  flowTypeList: FlowTypeList;
  versionSummary: VersionSummary;
  flowVersion: FlowVersion;
  draft: Draft;
  flowTypeDetail: FlowTypeDetail;
  instanceCount: InstanceCount;
  archivedFlowType: ArchivedFlowType;
  instanceStatus: InstanceStatus;
  phaseState: PhaseState;
  nodeError: NodeError;
  instanceContext: InstanceContext;
  createInstanceRequest: CreateInstanceRequest;
  executeRequest: ExecuteRequest;
  cancelRequest: CancelRequest;
  progress: Progress;
  instance: Instance;
  instanceSummary: InstanceSummary;
  instanceList: InstanceList;
  instanceStatusResponse: InstanceStatusResponse;
  flowEvent: FlowEvent;
  eventList: EventList;
  tenantId: TenantId;
  createTenantRequest: CreateTenantRequest;
  tenant: Tenant;
  tenantList: TenantList;
  role: Role;
  createApiKeyRequest: CreateApiKeyRequest;
  apiKey: ApiKey;
  createdApiKey: CreatedApiKey;
  apiKeyList: ApiKeyList;
  auditEntry: AuditEntry;
  auditList: AuditList;
  durationStats: DurationStats;
  analytics: Analytics;
  nodeAttempt: NodeAttempt;
  nodeData: NodeData;
  nodeAttemptList: NodeAttemptList;
  testRunRequest: TestRunRequest;
  testStepRequest: TestStepRequest;
  testStepResult: TestStepResult;
  scheduleCatchUp: ScheduleCatchUpPolicy;
  scheduleRequest: ScheduleRequest;
  scheduleRun: ScheduleRun;
  schedule: Schedule;
  scheduleList: ScheduleList;
  schedulePreviewRequest: SchedulePreviewRequest;
  schedulePreview: SchedulePreview;
  hookAuth: HookAuth;
  hookRequest: HookRequest;
  hook: Hook;
  hookList: HookList;
  hookAccepted: HookAccepted;
  sendEventRequest: SendEventRequest;
  eventDelivery: EventDelivery;
  putSecretRequest: PutSecretRequest;
  secret: Secret;
  secretList: SecretList;
}
/**
 * Layout for the designer; the runtime ignores it. Any extra fields are kept.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "ui".
 */
export interface Ui {
  x?: number;
  y?: number;
  [k: string]: unknown | undefined;
}
/**
 * Exponential backoff: attempt n waits min(initialDelayMs * multiplier^(n-1), maxDelayMs), with jitter.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "retry".
 */
export interface RetryPolicy {
  maxAttempts?: number;
  initialDelayMs?: number;
  multiplier?: number;
  maxDelayMs?: number;
  /**
   * randomise each delay by up to half of it
   */
  jitter?: boolean;
}
export interface OnErrorGoto {
  goto: NodeId;
}
/**
 * Defaults for every phase of the flow.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "settings".
 */
export interface FlowSettings {
  retry?: RetryPolicy;
  timeoutMs?: TimeoutMs;
  onError?: OnError;
}
/**
 * A check run on the phase output; a failed check fails the attempt.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "validatorRef".
 */
export interface ValidatorRef {
  type: CatalogueName;
  /**
   * checked by the validator's own params schema
   */
  params?: {
    [k: string]: unknown | undefined;
  };
  /**
   * shown when the check fails
   */
  message?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "nodeBase".
 */
export interface NodeBase {
  id: NodeId;
  label?: string;
  description?: string;
  ui?: Ui;
}
export interface StartNode1 {
  type: "start";
}
export interface PhaseNode1 {
  type: "phase";
  handler: CatalogueName;
  /**
   * checked by the handler's params schema; a string starting with '=' is a JSONata expression
   */
  params?: {
    [k: string]: unknown | undefined;
  };
  validators?: ValidatorRef[];
  /**
   * auto runs as soon as reached; manual waits for POST /flows/{id}/execute
   */
  trigger?: "auto" | "manual";
  retry?: RetryPolicy;
  timeoutMs?: TimeoutMs;
  onError?: OnError;
  /**
   * output fields encrypted at rest and redacted in logs, events and responses
   */
  sensitive?: string[];
}
export interface DecisionNode1 {
  type: "decision";
}
export interface ParallelNode1 {
  type: "parallel";
}
export interface JoinNode1 {
  type: "join";
}
export interface WaitNode2 {
  type: "wait";
  delayMs?: number;
  until?: Expression1;
  event?: EventWait;
}
/**
 * Waits for POST /events with this name and key; the event's payload lands in phases.<id>.output. With timeoutMs, the edge with on: timeout is taken when no event came in time (the other edge, on: event or none, when one did).
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "eventWait".
 */
export interface EventWait {
  name: EventName;
  /**
   * the correlation key: a literal, or an "=" JSONata expression over the context (e.g. "=input.orderId")
   */
  key: string;
  timeoutMs?: number;
}
export interface ApprovalNode1 {
  type: "approval";
}
export interface SubflowNode1 {
  type: "subflow";
  flowType: FlowTypeId;
  /**
   * pin a version; latest when absent
   */
  version?: number;
  input?: Expression2;
}
export interface EndNode1 {
  type: "end";
  outcome?: "completed" | "failed";
}
/**
 * A directed connection between two nodes.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "edge".
 */
export interface FlowEdge {
  id: NodeId;
  source: string;
  target: string;
  label?: string;
  condition?: Expression3;
  /**
   * decision edges: taken when no condition holds
   */
  default?: boolean;
  /**
   * approval edges: which decision takes this edge; edges of a wait for an event with timeoutMs: event (it came) or timeout
   */
  on?: "approve" | "reject" | "event" | "timeout";
  ui?: Ui;
}
/**
 * An MFO flow definition: nodes joined by edges, run by the runtime exactly as drawn in the designer.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "flowDefinition".
 */
export interface FlowDefinition {
  /**
   * Optional reference to this schema, for editors.
   */
  $schema?: string;
  id: FlowTypeId;
  /**
   * Human name of the flow type.
   */
  name: string;
  description?: string;
  /**
   * Set by publishing; optional on input.
   */
  version?: number;
  input?: InputSchema;
  settings?: FlowSettings;
  nodes: FlowNode[];
  edges: FlowEdge[];
  ui?: Ui;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "entry".
 */
export interface CatalogueEntry {
  name: CatalogueName;
  title: string;
  description: string;
  /**
   * groups entries in the designer
   */
  category?: string;
  /**
   * handlers only: same params and context always give the same output and nothing outside changes, so the engine may batch the step
   */
  pure?: boolean;
  paramsSchema: ParamsSchema;
}
/**
 * JSON Schema 2020-12 of the params object; string fields with format 'jsonata' hold expressions
 */
export interface ParamsSchema {
  [k: string]: unknown | undefined;
}
/**
 * What a flow may name: handlers (phase work), validators (checks on a phase's output) and, where known, published flow types for subflows. The runtime serves its catalogue; the designer renders forms from each entry's paramsSchema.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "catalogue".
 */
export interface Catalogue {
  handlers: CatalogueEntry[];
  validators: CatalogueEntry[];
  /**
   * published flow types a subflow may name; when absent, subflow targets are not checked
   */
  flowTypes?: FlowTypeId[];
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "validationError".
 */
export interface ValidationError {
  /**
   * JSON pointer into the document; '' is the whole document
   */
  path: string;
  /**
   * the node the error belongs to
   */
  nodeId?: string;
  /**
   * the edge the error belongs to
   */
  edgeId?: string;
  /**
   * stable machine-readable code, e.g. unknown-edge-target
   */
  code: string;
  message: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "validationResult".
 */
export interface ValidationResult {
  valid: boolean;
  errors: ValidationError[];
}
/**
 * RFC 9457 problem details, served as application/problem+json.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "problem".
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: ValidationError[];
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "publishResponse".
 */
export interface PublishResponse {
  id: FlowTypeId;
  version: number;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "flowTypeSummary".
 */
export interface FlowTypeSummary {
  id: FlowTypeId;
  name: string;
  description?: string;
  /**
   * null while only a draft exists
   */
  latestVersion: number | null;
  hasDraft: boolean;
  updatedAt: string;
  /**
   * when it was archived; only archived flow types have it (listed with archived=true)
   */
  archivedAt?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "flowTypeList".
 */
export interface FlowTypeList {
  items: FlowTypeSummary[];
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "versionSummary".
 */
export interface VersionSummary {
  version: number;
  publishedAt: string;
  /**
   * id of the API key that published it
   */
  publishedBy?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "flowVersion".
 */
export interface FlowVersion {
  id: FlowTypeId;
  version: number;
  definition: FlowDefinition;
  publishedAt: string;
  publishedBy?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "draft".
 */
export interface Draft {
  /**
   * as saved; may be invalid
   */
  definition: {
    [k: string]: unknown | undefined;
  };
  updatedAt: string;
  validation: ValidationResult;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "flowTypeDetail".
 */
export interface FlowTypeDetail {
  id: FlowTypeId;
  latest: FlowVersion | null;
  draft: Draft | null;
  versions: VersionSummary[];
  /**
   * when it was archived; absent while it is not
   */
  archivedAt?: string;
}
/**
 * How many instances a flow type has (deleted ones not counted), and how many of them are active.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "instanceCount".
 */
export interface InstanceCount {
  total: number;
  /**
   * running, waiting or paused
   */
  active: number;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "archivedFlowType".
 */
export interface ArchivedFlowType {
  id: FlowTypeId;
  archivedAt: string;
  instances: InstanceCount;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "phaseState".
 */
export interface PhaseState {
  /**
   * what the handler returned (sensitive fields redacted in responses)
   */
  output?: {
    [k: string]: unknown | undefined;
  };
  status: "running" | "waiting" | "completed" | "failed" | "skipped";
  attempts: number;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: NodeError | null;
  [k: string]: unknown | undefined;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "nodeError".
 */
export interface NodeError {
  nodeId?: string;
  code?: string;
  message: string;
  [k: string]: unknown | undefined;
}
/**
 * What expressions see.
 *
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "instanceContext".
 */
export interface InstanceContext {
  input: {
    [k: string]: unknown | undefined;
  };
  phases: {
    [k: string]: PhaseState | undefined;
  };
  vars: {
    [k: string]: unknown | undefined;
  };
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "createInstanceRequest".
 */
export interface CreateInstanceRequest {
  flowType: FlowTypeId;
  /**
   * latest when absent
   */
  version?: number;
  /**
   * validated against the flow's input schema
   */
  input?: {
    [k: string]: unknown | undefined;
  };
  name?: string;
  /**
   * a repeat with the same key returns the same instance
   */
  idempotencyKey?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "executeRequest".
 */
export interface ExecuteRequest {
  node?: NodeId1;
  /**
   * manual phases: merged into the phase's params context
   */
  input?: {
    [k: string]: unknown | undefined;
  };
  /**
   * approvals only
   */
  decision?: "approve" | "reject";
  /**
   * why the operator decided so; kept in the history's node.decided or node.triggered event
   */
  comment?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "cancelRequest".
 */
export interface CancelRequest {
  /**
   * why the operator cancelled; kept in the history's instance.cancelled event
   */
  reason?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "progress".
 */
export interface Progress {
  done: number;
  total: number;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "instance".
 */
export interface Instance {
  id: string;
  flowType: FlowTypeId;
  /**
   * the published version it runs; 0 for a test run of a flow type never published
   */
  version: number;
  name?: string | null;
  status: InstanceStatus;
  context: InstanceContext;
  currentNodes: string[];
  progress?: Progress;
  lastError?: NodeError | null;
  /**
   * the instance whose subflow node started this one
   */
  parentId?: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string | null;
  /**
   * create-and-wait answers only (POST /flows with a wait), once the instance has ended: the output of the phase or subflow that completed last on the path into the end node reached (the completed one nearest before it, walking its incoming edges back); null when there is none (no phase before it, or no end node reached: failed by an error, cancelled). Sensitive fields redacted
   */
  output?: {
    [k: string]: unknown | undefined;
  };
  /**
   * create-and-wait answers only, 202 (the instance had not ended within the wait): where to follow it (GET), e.g. /api/v1/flows/{id}/status
   */
  statusUrl?: string;
  /**
   * set on a test run of an unpublished draft: the draft revision the instance runs (version is then the latest published version, or 0 when none); test runs stay out of analytics and the default list
   */
  testRevision?: number | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "instanceSummary".
 */
export interface InstanceSummary {
  id: string;
  flowType: FlowTypeId;
  /**
   * the published version it runs; 0 for a test run of a flow type never published
   */
  version: number;
  name?: string | null;
  status: InstanceStatus;
  currentNodes: string[];
  createdAt: string;
  updatedAt: string;
  finishedAt?: string | null;
  /**
   * set on a test run of an unpublished draft: the draft revision the instance runs (version is then the latest published version, or 0 when none); test runs stay out of analytics and the default list
   */
  testRevision?: number | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "instanceList".
 */
export interface InstanceList {
  items: InstanceSummary[];
  nextCursor: string | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "instanceStatusResponse".
 */
export interface InstanceStatusResponse {
  id: string;
  status: InstanceStatus;
  currentNodes: string[];
  progress: Progress;
  lastError: NodeError | null;
  updatedAt: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "flowEvent".
 */
export interface FlowEvent {
  /**
   * position in the instance's history
   */
  seq: number;
  /**
   * e.g. instance.created, node.started, node.completed, node.failed, node.retried, instance.paused, instance.resumed, instance.completed. An operator's action (node.decided, node.triggered, instance.paused, instance.resumed, instance.cancelled) has data.by: the API key that acted ({keyId, name, role}), and data.comment or data.reason when one was given
   */
  type: string;
  nodeId?: string | null;
  at: string;
  data?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "eventList".
 */
export interface EventList {
  items: FlowEvent[];
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "createTenantRequest".
 */
export interface CreateTenantRequest {
  id: TenantId;
  name: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "tenant".
 */
export interface Tenant {
  id: TenantId;
  name: string;
  createdAt: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "tenantList".
 */
export interface TenantList {
  items: Tenant[];
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "createApiKeyRequest".
 */
export interface CreateApiKeyRequest {
  tenant: TenantId;
  role: Role;
  name: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "apiKey".
 */
export interface ApiKey {
  id: string;
  tenant: string;
  role: Role;
  name: string;
  /**
   * the key's first characters, to tell keys apart
   */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "createdApiKey".
 */
export interface CreatedApiKey {
  id: string;
  tenant: string;
  role: Role;
  name: string;
  /**
   * the key's first characters, to tell keys apart
   */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  /**
   * the key itself: shown this once, stored only as a hash
   */
  key: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "apiKeyList".
 */
export interface ApiKeyList {
  items: ApiKey[];
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "auditEntry".
 */
export interface AuditEntry {
  id: number;
  tenant: string | null;
  /**
   * id of the API key that acted (null: unknown key or the runtime itself)
   */
  actor: string | null;
  /**
   * e.g. flow.create, flow.pause, flow-type.publish, api-key.create, auth.failed
   */
  action: string;
  target: string | null;
  at: string;
  requestId: string | null;
  outcome: "ok" | "denied" | "failed";
  detail?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "auditList".
 */
export interface AuditList {
  items: AuditEntry[];
  nextCursor: string | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "durationStats".
 */
export interface DurationStats {
  p50Ms: number | null;
  p95Ms: number | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "analytics".
 */
export interface Analytics {
  from: string;
  to: string;
  total: number;
  /**
   * instances created in the range, by status
   */
  byStatus: {
    [k: string]: number | undefined;
  };
  /**
   * completed / (completed + failed + cancelled); null when none ended
   */
  successRate: number | null;
  flowTypes: {
    flowType: string;
    total: number;
    byStatus: {
      [k: string]: number | undefined;
    };
    successRate: number | null;
    durationMs: DurationStats1;
  }[];
  /**
   * phase runs that finished in the range
   */
  phases: {
    flowType: string;
    phase: string;
    runs: number;
    failed: number;
    durationMs: DurationStats;
  }[];
}
/**
 * created to finished, of the ended instances
 */
export interface DurationStats1 {
  p50Ms: number | null;
  p95Ms: number | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "nodeAttempt".
 */
export interface NodeAttempt {
  nodeId: string;
  /**
   * which time the node was entered (a loop enters a node again)
   */
  run: number;
  /**
   * the attempt within that run
   */
  attempt: number;
  /**
   * retrying: this attempt failed and another was scheduled
   */
  status: "completed" | "failed" | "retrying" | "interrupted";
  /**
   * seq of the event that started the attempt
   */
  startedSeq?: number | null;
  /**
   * seq of the event that recorded its outcome
   */
  finishedSeq: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /**
   * what the handler was given: instanceId:nodeId:attempt
   */
  idempotencyKey?: string | null;
  /**
   * phases: the params after "=" expressions (sensitive values [redacted]); null for other nodes
   */
  input?: {
    [k: string]: unknown | undefined;
  };
  /**
   * phases and subflows: the output; start node: the instance input; approvals: the decision (sensitive fields [redacted])
   */
  output?: {
    [k: string]: unknown | undefined;
  };
  validators?: Validators;
  logs?: Logs;
  /**
   * lines were dropped: at most 100 lines / 64 KB are kept per attempt
   */
  logsTruncated?: boolean;
  error?: NodeError | null;
  /**
   * decision: { edge, conditions: [{ edge, when, value }] }; approval: { decision, comment, by }; wait: { dueAt, firedAt }
   */
  detail?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "nodeData".
 */
export interface NodeData {
  instanceId: string;
  nodeId: string;
  /**
   * the node's type in the instance's definition
   */
  type: string;
  /**
   * oldest first
   */
  attempts: NodeAttempt[];
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "nodeAttemptList".
 */
export interface NodeAttemptList {
  /**
   * in the order they were recorded
   */
  items: NodeAttempt[];
  nextCursor?: string | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "testRunRequest".
 */
export interface TestRunRequest {
  /**
   * the draft as it is on screen (must validate; its id must be the path's)
   */
  definition: {};
  /**
   * validated against the definition's input schema
   */
  input?: {
    [k: string]: unknown | undefined;
  };
  name?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "testStepRequest".
 */
export interface TestStepRequest {
  /**
   * the draft as it is on screen; the node is taken from it
   */
  definition: {};
  /**
   * a phase node of the definition
   */
  nodeId: string;
  /**
   * what the phase's "=" params and validators see: { input, phases, vars } (missing keys are empty)
   */
  context?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "testStepResult".
 */
export interface TestStepResult {
  ok: boolean;
  /**
   * the params after "=" expressions
   */
  input?: {
    [k: string]: unknown | undefined;
  };
  /**
   * what the handler returned (absent when it failed)
   */
  output?: {
    [k: string]: unknown | undefined;
  };
  error?: {
    code: string;
    message: string;
    retryable?: boolean;
  } | null;
  validators: Validators;
  logs: Logs;
  logsTruncated?: boolean;
  durationMs: number;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "scheduleCatchUp".
 */
export interface ScheduleCatchUpPolicy {
  /**
   * after downtime: none skips the due times missed, latest fires the last one missed, all fires each missed one (oldest first) up to limit
   */
  policy: "none" | "latest" | "all";
  /**
   * policy all: at most this many (default 10)
   */
  limit?: number;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "scheduleRequest".
 */
export interface ScheduleRequest {
  name?: string;
  /**
   * cron expression: five fields (minute hour day-of-month month day-of-week), or six with seconds first; @daily, @hourly … as croner reads them
   */
  cron: string;
  /**
   * IANA time zone the cron expression is read in (default UTC), e.g. Europe/Berlin
   */
  timezone?: string;
  /**
   * the input of each instance it starts, checked against the flow type's input schema (default {})
   */
  input?: {};
  /**
   * default true; false: paused
   */
  enabled?: boolean;
  /**
   * when a due time comes while an instance this schedule started is still active: skip this due time (default), start another anyway, or cancel the previous ones first
   */
  overlap?: "skip" | "allow" | "cancel-previous";
  catchUp?: ScheduleCatchUpPolicy1;
}
/**
 * default { policy: latest }
 */
export interface ScheduleCatchUpPolicy1 {
  /**
   * after downtime: none skips the due times missed, latest fires the last one missed, all fires each missed one (oldest first) up to limit
   */
  policy: "none" | "latest" | "all";
  /**
   * policy all: at most this many (default 10)
   */
  limit?: number;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "scheduleRun".
 */
export interface ScheduleRun {
  due: string;
  outcome: "started" | "skipped" | "failed";
  instanceId?: string | null;
  message?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "schedule".
 */
export interface Schedule {
  id: string;
  flowType: string;
  name: string;
  cron: string;
  timezone: string;
  input: {};
  enabled: boolean;
  overlap: "skip" | "allow" | "cancel-previous";
  catchUp: ScheduleCatchUpPolicy;
  /**
   * the next (up to) 5 due times, UTC; empty while paused
   *
   * @maxItems 5
   */
  nextDue:
    | []
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string];
  lastRun: ScheduleRun | null;
  createdAt: string;
  /**
   * id of the API key that acted (null: the runtime)
   */
  createdBy: string | null;
  updatedAt: string;
  /**
   * id of the API key that acted (null: the runtime)
   */
  updatedBy: string | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "scheduleList".
 */
export interface ScheduleList {
  items: Schedule[];
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "schedulePreviewRequest".
 */
export interface SchedulePreviewRequest {
  /**
   * cron expression: five fields (minute hour day-of-month month day-of-week), or six with seconds first; @daily, @hourly … as croner reads them
   */
  cron: string;
  /**
   * IANA time zone the cron expression is read in (default UTC), e.g. Europe/Berlin
   */
  timezone?: string;
  /**
   * how many due times (default 5)
   */
  count?: number;
  /**
   * after this time (default now)
   */
  from?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "schedulePreview".
 */
export interface SchedulePreview {
  nextDue: string[];
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "hookAuth".
 */
export interface HookAuth {
  /**
   * token: the secret's value in the header (or as the last path segment, POST /hooks/{hookId}/{token}); hmac: the header carries sha256=<hex HMAC-SHA256 of the raw body keyed by the secret> (GitHub style)
   */
  type: "token" | "hmac";
  /**
   * the name of a secret of the secrets store
   */
  secret: string;
  /**
   * the header carrying the token or signature (default X-Hook-Token for token, X-Hub-Signature-256 for hmac)
   */
  header?: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "hookRequest".
 */
export interface HookRequest {
  name?: string;
  /**
   * default true; a disabled hook answers 404
   */
  enabled?: boolean;
  auth: HookAuth;
  /**
   * accepted (default): 202 with the instance id at once; result: wait up to timeoutMs for the instance to end and answer its output mapped by response (202 with the instance id and status URL when it did not end in time)
   */
  respond?: "accepted" | "result";
  /**
   * JSONata over { body, headers, query } giving the instance input (default: the body)
   */
  input?: string;
  /**
   * respond result: JSONata over { id, status, output } giving the answer's body (default: output)
   */
  response?: string;
  /**
   * respond result: how long to wait for the end (default 10000)
   */
  timeoutMs?: number;
  /**
   * request headers the input expression may read as headers.<lower-case name>; no other header reaches the flow
   *
   * @maxItems 20
   */
  headers?:
    | []
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string]
    | [string, string, string, string, string, string]
    | [string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string, string, string, string]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ];
  /**
   * a second call with the same value of this header is refused, 409 (default Idempotency-Key)
   */
  idempotencyHeader?: string;
  /**
   * default 262144
   */
  maxBodyBytes?: number;
  /**
   * calls per minute the hook accepts, per runtime process (default 600); over it, 429
   */
  rateLimitPerMinute?: number;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "hook".
 */
export interface Hook {
  /**
   * random and unguessable: the hook's address
   */
  id: string;
  flowType: string;
  name: string;
  enabled: boolean;
  /**
   * the path to call, /api/v1/hooks/<id>
   */
  url: string;
  auth: HookAuth;
  respond: "accepted" | "result";
  input: string | null;
  response: string | null;
  timeoutMs: number;
  headers: string[];
  idempotencyHeader: string;
  maxBodyBytes: number;
  rateLimitPerMinute: number;
  createdAt: string;
  /**
   * id of the API key that acted (null: the runtime)
   */
  createdBy: string | null;
  updatedAt: string;
  /**
   * id of the API key that acted (null: the runtime)
   */
  updatedBy: string | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "hookList".
 */
export interface HookList {
  items: Hook[];
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "hookAccepted".
 */
export interface HookAccepted {
  instanceId: string;
  status: string;
  /**
   * GET it with an API key to follow the instance
   */
  statusUrl: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "sendEventRequest".
 */
export interface SendEventRequest {
  name: string;
  key: string;
  /**
   * any JSON; lands in phases.<wait node id>.output of each instance it wakes (default null)
   */
  payload?: {
    [k: string]: unknown | undefined;
  };
  /**
   * when no instance waits yet: keep the event this long for the first wait that matches (default 3600; 0: do not keep)
   */
  ttlSeconds?: number;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "eventDelivery".
 */
export interface EventDelivery {
  id: string;
  /**
   * the waits it was delivered to
   */
  woke: {
    instanceId: string;
    nodeId: string;
  }[];
  /**
   * nobody waited: kept until expiresAt for the first wait that matches
   */
  buffered: boolean;
  expiresAt: string | null;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "putSecretRequest".
 */
export interface PutSecretRequest {
  /**
   * write-only: never answered, logged or shown again
   */
  value: string;
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "secret".
 */
export interface Secret {
  name: string;
  createdAt: string;
  /**
   * id of the API key that acted (null: the runtime)
   */
  createdBy: string | null;
  updatedAt: string;
  /**
   * id of the API key that acted (null: the runtime)
   */
  updatedBy: string | null;
  /**
   * flow types whose latest published version or draft reads it with $secret("name")
   */
  usedBy: {
    flowType: string;
    nodes: string[];
  }[];
  /**
   * ids of the webhooks it authenticates
   */
  hooks: string[];
}
/**
 * This interface was referenced by `MfoSchemas`'s JSON-Schema
 * via the `definition` "secretList".
 */
export interface SecretList {
  items: Secret[];
}
