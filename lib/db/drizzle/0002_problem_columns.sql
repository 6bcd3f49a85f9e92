ALTER TABLE "fastmigrate"."run_databases" ALTER COLUMN "from_version" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "fastmigrate"."run_databases" ALTER COLUMN "to_version" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "fastmigrate"."run_databases" ALTER COLUMN "error_version" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "fastmigrate"."run_databases" ADD COLUMN "error_hint" text;--> statement-breakpoint
ALTER TABLE "fastmigrate"."run_databases" ADD COLUMN "error_file" text;--> statement-breakpoint
ALTER TABLE "fastmigrate"."run_databases" ADD COLUMN "error_line" integer;--> statement-breakpoint
ALTER TABLE "fastmigrate"."run_databases" ADD COLUMN "more_problems" jsonb;