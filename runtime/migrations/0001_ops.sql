CREATE TABLE "phase_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "phase_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"instance_id" uuid NOT NULL,
	"flow_type_id" text NOT NULL,
	"node_id" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "audit_tenant_at";--> statement-breakpoint
CREATE INDEX "phase_runs_analytics" ON "phase_runs" USING btree ("tenant_id","finished_at","flow_type_id","node_id","status","duration_ms");--> statement-breakpoint
CREATE INDEX "audit_tenant_id" ON "audit" USING btree ("tenant_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_tenant_action" ON "audit" USING btree ("tenant_id","action","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_tenant_target" ON "audit" USING btree ("tenant_id","target","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "instances_analytics" ON "instances" USING btree ("tenant_id","created_at","flow_type_id","status","finished_at");