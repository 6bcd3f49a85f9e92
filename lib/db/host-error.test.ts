// What a person reads when the host database is down or refuses: what failed and what to do, never
// drizzle's "Failed query: select …" with its parameters. Real errors from a real driver.
import net from 'node:net';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlFor } from '../testing/fleet';
import * as schema from '../auth/schema';
import { explainHostError } from './host-error';
import { signInWithPassword } from '../auth/sign-in';

/** A port nothing listens on: bound and closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

let downDb: ReturnType<typeof drizzle>;
let downPool: pg.Pool;
beforeAll(async () => {
  downPool = new pg.Pool({ host: '127.0.0.1', port: await closedPort(), user: 'postgres', password: 'pw-not-shown', database: 'fastmigrate_demo', connectionTimeoutMillis: 2_000 });
  downPool.on('error', () => {});
  downDb = drizzle(downPool);
});
afterAll(() => downPool.end());

async function errorOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('explainHostError', () => {
  it('a query against a PostgreSQL that is down: "cannot reach the host database" and what to do, not the query', async () => {
    const error = await errorOf(() => downDb.select().from(schema.users).where(eq(schema.users.email, 'ann@example.com')));
    expect(String((error as Error).message)).toContain('Failed query'); // what we must not show
    const explained = explainHostError(error)!;
    expect(explained.message).toMatch(/^cannot reach the host database: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    expect(explained.hint).toContain('check that PostgreSQL is running');
    expect(JSON.stringify(explained)).not.toMatch(/Failed query|select|password_hash|ann@example\.com|pw-not-shown/);
  });

  it('sign-in while the host database is down fails with the explanation (the sign-in form shows it)', async () => {
    const error = await errorOf(() => signInWithPassword(downDb, { email: 'ann@example.com', password: 'some password', address: '127.0.0.1' }));
    expect(explainHostError(error)?.message).toMatch(/^cannot reach the host database: /);
  });

  it('a wrong password for the host database, a missing database, a bad query', async () => {
    const url = new URL(urlFor('postgres'));
    url.password = 'wrong-password-xyz';
    const wrong = new pg.Pool({ connectionString: url.toString() });
    const missing = new pg.Pool({ connectionString: urlFor('no_such_database_here') });
    const fine = new pg.Pool({ connectionString: urlFor('postgres') });
    try {
      const auth = explainHostError(await errorOf(() => drizzle(wrong).select().from(schema.users)))!;
      expect(auth.message).toMatch(/^the host database refused the login: password authentication failed/);
      expect(auth.hint).toContain('user and password in DATABASE_URL');
      expect(JSON.stringify(auth)).not.toContain('wrong-password-xyz');
      expect(explainHostError(await errorOf(() => drizzle(missing).select().from(schema.users)))!.message).toMatch(/^the host database does not exist: /);
      const sqlError = explainHostError(await errorOf(() => drizzle(fine).select().from(schema.users)))!;
      expect(sqlError.message).toBe('the host database refused a query: relation "fastmigrate.users" does not exist [42P01]');
    } finally {
      await Promise.all([wrong.end(), missing.end(), fine.end()]);
    }
  });

  it('leaves other errors to their callers', () => {
    expect(explainHostError(new Error('the migration files have problems'))).toBeNull();
    expect(explainHostError('text')).toBeNull();
  });
});
