CREATE TABLE "node_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "node_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"instance_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"run" integer NOT NULL,
	"attempt" integer NOT NULL,
	"status" text NOT NULL,
	"started_seq" integer,
	"finished_seq" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"idempotency_key" text,
	"input" jsonb,
	"output" jsonb,
	"validators" jsonb,
	"logs" jsonb,
	"logs_truncated" boolean DEFAULT false NOT NULL,
	"error" jsonb,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "test_revisions" (
	"tenant_id" text NOT NULL,
	"flow_type_id" text NOT NULL,
	"revision" integer NOT NULL,
	"definition" json NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "test_revisions_tenant_id_flow_type_id_revision_pk" PRIMARY KEY("tenant_id","flow_type_id","revision")
);
--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "test_revision" integer;--> statement-breakpoint
CREATE INDEX "node_attempts_instance" ON "node_attempts" USING btree ("instance_id","node_id","id");