// `fastmigrate user add|list` as a real subprocess: password from stdin, roles, exit codes, audit.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createFleet, PROJECT_ROOT, sql, writeMigrations, type Fleet } from '../../testing/fleet';
import { signInWithPassword } from '../../auth/sign-in';
import { ACCOUNT_MAX_FAILURES } from '../../auth/throttle';

let fleet: Fleet | null = null;
afterEach(async () => {
  await fleet?.drop();
  fleet = null;
});

function cli(args: string[], stdin: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'lib', 'cli', 'bin.mjs'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NO_COLOR: '1', CI: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(stdin);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

it('adds users with a password from stdin, lists them, and refuses bad input with exit code 2', async () => {
  fleet = await createFleet({ tenants: 0, migrationsDir: writeMigrations({}) });
  const env = fleet.env;

  const added = await cli(['user', 'add', 'Ops@Example.com', '--role', 'operator'], 'a long enough password\n', env);
  expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('added ops@example.com as operator') });
  expect(added.stdout + added.stderr).not.toContain('a long enough password');

  const dup = await cli(['user', 'add', 'ops@example.com', '--role', 'admin'], 'another long password\n', env);
  expect(dup.code).toBe(2);
  expect(dup.stderr).toContain('already exists');
  const reset = await cli(['user', 'add', 'ops@example.com', '--role', 'admin', '--reset'], 'another long password\n', env);
  expect(reset.code).toBe(0);

  expect((await cli(['user', 'add', 'x@example.com', '--role', 'viewer'], 'short\n', env)).code).toBe(2);
  expect((await cli(['user', 'add', 'x@example.com', '--role', 'viewer'], '', env)).stderr).toContain('no password on stdin');
  expect((await cli(['user', 'add', 'x@example.com', '--role', 'root'], 'a long enough password\n', env)).code).toBe(2);

  const list = await cli(['user', 'list', '--json'], '', env);
  expect(JSON.parse(list.stdout).users).toEqual([{ id: expect.any(Number), email: 'ops@example.com', role: 'admin', createdAt: expect.any(String), lockedUntil: null }]);

  const [row] = await sql<{ password_hash: string }>(fleet.hostDatabase, 'SELECT password_hash FROM fastmigrate.users');
  expect(row.password_hash).toMatch(/^\$2[aby]\$12\$/);
  const audit = await sql<{ action: string; origin: string }>(fleet.hostDatabase, 'SELECT action, origin FROM fastmigrate.audit_log ORDER BY id');
  expect(audit.map((a) => a.action)).toEqual(['user.add', 'user.reset']);
  expect(audit[0].origin).toMatch(/^cli /);
});

it('a locked-out account signs in again after `user unlock` or `user add --reset`, which also ends its sessions; both are audited', async () => {
  fleet = await createFleet({ tenants: 0, migrationsDir: writeMigrations({}) });
  const env = fleet.env;
  expect((await cli(['user', 'add', 'ops@example.com', '--role', 'admin'], 'the first password\n', env)).code).toBe(0);
  const engine = fleet.openEngine();
  try {
    const db = engine.host.db;
    const lockOut = async () => {
      for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await signInWithPassword(db, { email: 'ops@example.com', password: 'wrong password!', address: `198.51.100.${i}` });
      expect(await signInWithPassword(db, { email: 'ops@example.com', password: 'the first password', address: '203.0.113.1' })).toMatchObject({ reason: 'locked' });
    };
    await lockOut();
    const list = await cli(['user', 'list'], '', env);
    expect(list.stdout).toMatch(/ops@example\.com .*locked until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);

    const unlocked = await cli(['user', 'unlock', 'OPS@example.com'], '', env);
    expect(unlocked).toMatchObject({ code: 0, stdout: expect.stringMatching(/unlocked ops@example\.com: it was locked until .* after 10 wrong passwords \(1 attempt refused meanwhile\)/) });
    expect(await signInWithPassword(db, { email: 'ops@example.com', password: 'the first password', address: '203.0.113.1' })).toMatchObject({ ok: true });
    expect((await cli(['user', 'unlock', 'ops@example.com'], '', env)).stdout).toContain('was not locked: nothing to do');
    const unknown = await cli(['user', 'unlock', 'nobody@example.com'], '', env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no user nobody@example.com');

    await lockOut();
    const [before] = await sql<{ session_version: number }>(fleet.hostDatabase, 'SELECT session_version FROM fastmigrate.users');
    const reset = await cli(['user', 'add', 'ops@example.com', '--role', 'admin', '--reset'], 'the second password\n', env);
    expect(reset).toMatchObject({ code: 0, stdout: expect.stringContaining('their dashboard sessions have ended and any sign-in lockout is cleared') });
    const [after] = await sql<{ session_version: number }>(fleet.hostDatabase, 'SELECT session_version FROM fastmigrate.users');
    expect(after.session_version).toBe(before.session_version + 1);
    expect(await signInWithPassword(db, { email: 'ops@example.com', password: 'the second password', address: '203.0.113.1' })).toMatchObject({ ok: true });

    const audit = await sql<{ action: string; detail: Record<string, unknown> }>(fleet.hostDatabase, "SELECT action, detail FROM fastmigrate.audit_log WHERE action LIKE 'user.%' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['user.add', 'user.unlock', 'user.unlock', 'user.reset']);
    expect(audit[1].detail).toEqual({ subject: 'ops@example.com', wasLocked: true, refusedWhileLocked: 1 });
  } finally {
    await engine.close();
  }
});
