/**
 * @mfo/client: the framework-free client of the MFO REST API, used by the designer, the CLI and the tests.
 * FlowService has one method per route of the route table (@mfo/schemas), typed by it; FlowServiceError is
 * every failure; followEventStream and createInstanceFeed follow an instance live over Server-Sent Events.
 * Works in browsers and Node (fetch, streams); no React, no Node built-ins.
 */
export { type FailureInfo, type FailureKind, FlowServiceError } from "./rest/errors.js";
export {
  createFlowService,
  DEFAULT_RUN_WAIT_SECONDS,
  type FlowFilters,
  type FlowService,
  type Query,
  ROUTE_METHODS,
  type RunOptions,
  type RunResult,
} from "./rest/flow-service.js";
export type {
  ArgsOf,
  CallOptions,
  ClientResponse,
  FlowServiceOptions,
  RequestArgs,
} from "./rest/transport.js";
export { routeUrl } from "./rest/transport.js";
export type { HookCallResult } from "./rest/trigger-methods.js";
export { type EventStream, type EventStreamOptions, followEventStream } from "./stream/event-stream.js";
export {
  createInstanceFeed,
  type FeedMode,
  type FeedState,
  type InstanceFeed,
  type InstanceFeedOptions,
} from "./stream/instance-feed.js";
export { createSseParser, type SseMessage, type SseParser } from "./stream/sse-parser.js";
export {
  loadAttempts,
  loadHistory,
  type NodeRun,
  type NodeRunState,
  nodeRunStates,
  passedNodes,
  type RunPosition,
  type StateAtEvent,
  Timeline,
  type TimelineOptions,
} from "./time-travel/index.js";
