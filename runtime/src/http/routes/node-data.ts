/** What each node of a run did: one node's runs and attempts, and every attempt of an instance for time travel. */
import type { NodeAttempt } from "@mfo/schemas";
import { redactSealed } from "../../crypto/redact.js";
import { invalidQuery, notFound } from "../../errors.js";
import { attemptsOfNode, attemptsPage, type NodeAttemptRow, statusOrDeleted } from "../../store/instances/index.js";
import type { RouteHandler } from "../context.js";
import { isUuid } from "../request-checks.js";
import { own } from "./flows.js";

/** An attempt as the API shows it: sealed values "[redacted]", as GET /flows/{id} shows the context. */
export function presentAttempt(row: NodeAttemptRow): NodeAttempt {
  const shown = <T>(value: T): T => redactSealed(value);
  return {
    nodeId: row.nodeId,
    run: row.run,
    attempt: row.attempt,
    status: row.status,
    startedSeq: row.startedSeq,
    finishedSeq: row.finishedSeq,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt.toISOString(),
    durationMs: Math.max(0, row.finishedAt.getTime() - row.startedAt.getTime()),
    idempotencyKey: row.idempotencyKey,
    ...(row.input !== null ? { input: shown(row.input) as NodeAttempt["input"] } : {}),
    ...(row.output !== null ? { output: shown(row.output) as NodeAttempt["output"] } : {}),
    ...(row.validators !== null ? { validators: row.validators as NodeAttempt["validators"] } : {}),
    ...(row.logs !== null ? { logs: row.logs as NodeAttempt["logs"] } : {}),
    logsTruncated: row.logsTruncated,
    error: row.error,
    ...(row.detail !== null ? { detail: shown(row.detail) } : {}),
  };
}

const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 1000;

/** Cursor: base64url of the last row id of the previous page. */
function decodeCursor(text: string): number {
  const id = Number(Buffer.from(text, "base64url").toString("utf8"));
  if (!Number.isSafeInteger(id) || id < 1) throw invalidQuery("cursor", "the cursor is not one this API gave out");
  return id;
}

const encodeCursor = (id: number) => Buffer.from(String(id)).toString("base64url");

export const nodeDataRoutes = {
  "get /flows/:id/nodes/:nodeId": async (call) => {
    const record = await own(call);
    const nodeId = call.param("nodeId");
    const { definition } = await call.deps.engine.compiled(record);
    const node = definition.nodes.find((n) => n.id === nodeId);
    if (!node) throw notFound(`node ${nodeId} of flow instance ${record.id}`);
    const rows = await attemptsOfNode(call.deps.db, record.id, nodeId);
    return call.c.json({ instanceId: record.id, nodeId, type: node.type, attempts: rows.map(presentAttempt) });
  },

  "get /flows/:id/attempts": async (call) => {
    const q = call.c.req.query();
    const limit = q.limit === undefined ? DEFAULT_LIMIT : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw invalidQuery("limit", `limit must be a whole number from 1 to ${MAX_LIMIT}`);
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    const id = call.param("id");
    // The tenant's own instance (another tenant's, or a deleted one, answers 404), without reading its context.
    const found = isUuid(id) ? await statusOrDeleted(call.deps.db, call.principal.tenantId, id) : "deleted";
    if (found === "deleted") throw notFound(`flow instance ${id}`);
    const page = await attemptsPage(call.deps.db, id, { limit, ...(after !== undefined ? { after } : {}) });
    return call.c.json({
      items: page.items.map(presentAttempt),
      nextCursor: page.next === null ? null : encodeCursor(page.next),
    });
  },
} satisfies Record<string, RouteHandler>;
