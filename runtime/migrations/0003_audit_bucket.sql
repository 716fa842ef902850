ALTER TABLE "audit" ADD COLUMN "bucket" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_bucket" ON "audit" USING btree ("bucket") WHERE "audit"."bucket" is not null;--> statement-breakpoint
-- Hand-added: auth.failed rows written before they were counted stand for one failure each, so every such row has a count.
UPDATE "audit" SET "detail" = coalesce("detail", '{}'::jsonb) || '{"count": 1}'::jsonb WHERE "action" = 'auth.failed' AND NOT coalesce("detail", '{}'::jsonb) ? 'count';
