/** Soft delete: the rows stay (the audit log says who), the instance leaves every list and read. */
import { and, eq, isNull } from "drizzle-orm";
import { type Actor, insertAudit } from "../audit-repository.js";
import type { Db } from "../database.js";
import { instances, timers } from "../schema.js";

/** Marks an instance deleted and retires its pending timers, with the audit row, in one transaction. */
export async function softDeleteInstance(db: Db, id: string, at: Date, actor?: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(instances).set({ deletedAt: at }).where(eq(instances.id, id));
    await tx
      .update(timers)
      .set({ firedAt: at })
      .where(and(eq(timers.instanceId, id), isNull(timers.firedAt)));
    if (actor) await insertAudit(tx, actor, "flow.delete", id);
  });
}
