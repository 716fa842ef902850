/**
 * Reading an instance's node data (issue 18): the node_attempts rows the commits wrote, one node's for the node
 * panel and every one in id order (the order recorded) for time travel. Values come back as stored: sealed
 * markers stay in place, for the presenter to show as "[redacted]".
 */
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../database.js";
import { nodeAttempts } from "../schema.js";

/** A node_attempts row as read. */
export type NodeAttemptRow = typeof nodeAttempts.$inferSelect;

/** Every attempt of one node of an instance, oldest first. */
export async function attemptsOfNode(db: Db, instanceId: string, nodeId: string): Promise<NodeAttemptRow[]> {
  return db
    .select()
    .from(nodeAttempts)
    .where(and(eq(nodeAttempts.instanceId, instanceId), eq(nodeAttempts.nodeId, nodeId)))
    .orderBy(asc(nodeAttempts.id));
}

/** Up to `limit` attempts of an instance after row id `after`, in the order recorded; `next` when more follow. */
export async function attemptsPage(
  db: Db,
  instanceId: string,
  page: { limit: number; after?: number },
): Promise<{ items: NodeAttemptRow[]; next: number | null }> {
  const where =
    page.after === undefined
      ? eq(nodeAttempts.instanceId, instanceId)
      : and(eq(nodeAttempts.instanceId, instanceId), gt(nodeAttempts.id, page.after));
  const rows = await db
    .select()
    .from(nodeAttempts)
    .where(where)
    .orderBy(asc(nodeAttempts.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items, next: rows.length > page.limit ? (items[items.length - 1]?.id ?? null) : null };
}
