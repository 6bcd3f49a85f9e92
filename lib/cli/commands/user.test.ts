// `fastmigrate user add|list` as a real subprocess: password from stdin, roles, exit codes, audit.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createFleet, PROJECT_ROOT, sql, writeMigrations, type Fleet } from '../../testing/fleet';

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
  expect(JSON.parse(list.stdout).users).toEqual([{ id: expect.any(Number), email: 'ops@example.com', role: 'admin', createdAt: expect.any(String) }]);

  const [row] = await sql<{ password_hash: string }>(fleet.hostDatabase, 'SELECT password_hash FROM fastmigrate.users');
  expect(row.password_hash).toMatch(/^\$2[aby]\$12\$/);
  const audit = await sql<{ action: string; origin: string }>(fleet.hostDatabase, 'SELECT action, origin FROM fastmigrate.audit_log ORDER BY id');
  expect(audit.map((a) => a.action)).toEqual(['user.add', 'user.reset']);
  expect(audit[0].origin).toMatch(/^cli /);
});
