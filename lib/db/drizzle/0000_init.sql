CREATE SCHEMA IF NOT EXISTS "fastmigrate";
--> statement-breakpoint
CREATE TABLE "fastmigrate"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" jsonb,
	"origin" text
);
--> statement-breakpoint
CREATE TABLE "fastmigrate"."run_databases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"database_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"db_name" text NOT NULL,
	"db_host" text,
	"db_port" integer,
	"status" text DEFAULT 'queued' NOT NULL,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"from_version" integer,
	"to_version" integer,
	"steps_applied" integer DEFAULT 0 NOT NULL,
	"message" text,
	"error" text,
	"error_kind" text,
	"sqlstate" text,
	"error_version" integer
);
--> statement-breakpoint
CREATE TABLE "fastmigrate"."runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action" text NOT NULL,
	"request" jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"database_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fastmigrate"."users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "fastmigrate"."run_databases" ADD CONSTRAINT "run_databases_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "fastmigrate"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "run_databases_run_database" ON "fastmigrate"."run_databases" USING btree ("run_id","database_id");--> statement-breakpoint
CREATE INDEX "run_databases_claim" ON "fastmigrate"."run_databases" USING btree ("run_id","status","position");--> statement-breakpoint
CREATE INDEX "run_databases_latest" ON "fastmigrate"."run_databases" USING btree ("database_id","id");