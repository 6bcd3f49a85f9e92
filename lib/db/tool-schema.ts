// The PostgreSQL schema `fastmigrate` in the host database, where the tool keeps its own tables.
// Each layer defines its tables (lib/runs/schema.ts, lib/auth/schema.ts); drizzle-kit reads them all
// (drizzle.config.ts) and writes the migrations in lib/db/drizzle, which lib/db/host.ts applies.
import { pgSchema } from 'drizzle-orm/pg-core';

export const fastmigrate = pgSchema('fastmigrate');
