ALTER TABLE "audit" ADD COLUMN "bucket" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_bucket" ON "audit" USING btree ("bucket") WHERE "audit"."bucket" is not null;