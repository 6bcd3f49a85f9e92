import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./lib/runs/schema.ts', './lib/auth/schema.ts'],
  out: './lib/db/drizzle',
  schemaFilter: ['fastmigrate'],
  migrations: { schema: 'fastmigrate', table: '__drizzle_migrations' },
});
