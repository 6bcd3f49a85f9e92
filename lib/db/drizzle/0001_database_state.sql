CREATE TABLE "fastmigrate"."database_state" (
	"database_id" text PRIMARY KEY NOT NULL,
	"applied" jsonb,
	"failure_reason" text,
	"failure" text,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
