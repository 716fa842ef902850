/**
 * One error type for every failed call: the server's problem document (RFC 9457: status, title, detail and the
 * per-field errors with their nodeId), or why there was no usable answer. `kind` tells a caller that words it
 * (the CLI) a refusal by MFO from a setup problem, without parsing messages.
 */
import type { ValidationError } from "@mfo/schemas";

/**
 * problem: MFO refused with a problem document; http: a failure answer in JSON that is not one; not-json: an
 * answer that is not JSON at all (a proxy's page, another program on that port); unreachable: no answer;
 * timeout: no answer in time.
 */
export type FailureKind = "problem" | "http" | "not-json" | "unreachable" | "timeout";

export interface FailureInfo {
  kind?: FailureKind;
  /** The request that failed, as "METHOD /path?query". */
  request?: string;
  /** The content type of the answer, when there was one. */
  contentType?: string;
  cause?: unknown;
}

export class FlowServiceError extends Error {
  readonly kind: FailureKind;
  readonly request: string | undefined;
  readonly contentType: string | undefined;

  constructor(
    /** The HTTP status; 0 when there was no answer. */
    readonly status: number,
    readonly title: string,
    message: string,
    readonly errors: ValidationError[] = [],
    info: FailureInfo = {},
  ) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.name = "FlowServiceError";
    this.kind = info.kind ?? "problem";
    this.request = info.request;
    this.contentType = info.contentType;
  }
  /** The problem document's `detail` (the message). */
  get detail(): string {
    return this.message;
  }
}

/** The error of a failure answer, from its problem document when it has one (any body still gives its status). */
export async function failureOf(response: Response, request: string): Promise<FlowServiceError> {
  const contentType = response.headers.get("content-type") ?? undefined;
  let parsed: unknown;
  let kind: FailureKind = "not-json";
  try {
    parsed = JSON.parse(await response.text());
    const title = (parsed as { title?: unknown } | null)?.title;
    kind = typeof title === "string" ? "problem" : "http";
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const problem = (parsed ?? {}) as { title?: string; detail?: string; errors?: ValidationError[] };
  return new FlowServiceError(
    response.status,
    problem.title ?? response.statusText,
    problem.detail ?? `HTTP ${response.status}`,
    problem.errors ?? [],
    { kind, request, ...(contentType ? { contentType } : {}) },
  );
}
