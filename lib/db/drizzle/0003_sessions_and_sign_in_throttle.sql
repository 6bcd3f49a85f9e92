CREATE TABLE "fastmigrate"."sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"refused" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fastmigrate"."users" ADD COLUMN "session_version" integer DEFAULT 1 NOT NULL;