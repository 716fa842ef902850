/**
 * Columns every table of the schema (schema.ts, trigger-tables.ts) describes alike. Function declarations, not
 * consts: schema.ts and this file import each other, and a declaration is ready before either module body runs,
 * whichever of them is imported first.
 */
import { text, timestamp } from "drizzle-orm/pg-core";
import { tenants } from "./schema.js";

export function createdAt() {
  return timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
}

/** The owning tenant (the reference is resolved lazily, when drizzle builds the foreign key). */
export function tenantId() {
  return text("tenant_id")
    .notNull()
    .references(() => tenants.id);
}
