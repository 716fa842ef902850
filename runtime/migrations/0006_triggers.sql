CREATE TABLE "buffered_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"key" text NOT NULL,
	"payload" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_waits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_waits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"key" text NOT NULL,
	"instance_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"flow_type_id" text NOT NULL,
	"name" text NOT NULL,
	"cron" text NOT NULL,
	"timezone" text NOT NULL,
	"input" json NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"overlap" text NOT NULL,
	"catch_up" text NOT NULL,
	"catch_up_limit" integer,
	"next_due_at" timestamp with time zone,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"last_run" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "secrets" (
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"value" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "secrets_tenant_id_name_pk" PRIMARY KEY("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"flow_type_id" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"auth" jsonb NOT NULL,
	"respond" text NOT NULL,
	"input_expression" text,
	"response_expression" text,
	"timeout_ms" integer NOT NULL,
	"headers" jsonb NOT NULL,
	"idempotency_header" text NOT NULL,
	"max_body_bytes" integer NOT NULL,
	"rate_limit_per_minute" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "timers" ADD COLUMN "payload" jsonb;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "buffered_events_match" ON "buffered_events" USING btree ("tenant_id","name","key","created_at");--> statement-breakpoint
CREATE INDEX "buffered_events_expiry" ON "buffered_events" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "event_waits_match" ON "event_waits" USING btree ("tenant_id","name","key");--> statement-breakpoint
CREATE UNIQUE INDEX "event_waits_instance_node" ON "event_waits" USING btree ("instance_id","node_id");--> statement-breakpoint
CREATE INDEX "schedules_flow_type" ON "schedules" USING btree ("tenant_id","flow_type_id");--> statement-breakpoint
CREATE INDEX "schedules_due" ON "schedules" USING btree ("next_due_at") WHERE "schedules"."enabled" and "schedules"."next_due_at" is not null;--> statement-breakpoint
CREATE INDEX "webhooks_flow_type" ON "webhooks" USING btree ("tenant_id","flow_type_id");