// Issue 4, scenarios 18–20 for the dashboard: server actions called directly (not through the UI),
// a cross-site POST, and the database password nowhere in pages or action payloads.
import { expect, test } from '@playwright/test';
import { callServerAction, hostQuery, serverActionId, signIn } from './support/helpers';
import type { Role } from '../lib/auth/roles';

const PLAN = 'app/actions/plan.ts';
const USERS_FILE = 'app/actions/users.ts';

/** Every server action with the least role it needs and a well-formed input. */
const ACTIONS: Array<{ file: string; name: string; needs: Role; args: unknown[] }> = [
  { file: PLAN, name: 'previewAction', needs: 'viewer', args: [{ ids: ['acme'], request: { kind: 'migrate-latest' } }] },
  { file: PLAN, name: 'refreshStatusAction', needs: 'viewer', args: [null] },
  { file: PLAN, name: 'rehearseAction', needs: 'operator', args: [{ ids: ['acme'], request: { kind: 'migrate-latest' } }] },
  { file: PLAN, name: 'startRunAction', needs: 'operator', args: [{ ids: ['acme'], request: { kind: 'rollback-steps', steps: 1 }, confirmCount: 1 }] },
  { file: USERS_FILE, name: 'addUserAction', needs: 'admin', args: [{ email: 'intruder@e2e.test', role: 'admin', password: 'a-long-enough-password' }] },
  { file: USERS_FILE, name: 'setRoleAction', needs: 'admin', args: [{ id: 1, role: 'viewer' }] },
  { file: USERS_FILE, name: 'resetPasswordAction', needs: 'admin', args: [{ id: 1, password: 'a-long-enough-password' }] },
  { file: USERS_FILE, name: 'deleteUserAction', needs: 'admin', args: [{ id: 1 }] },
  { file: USERS_FILE, name: 'unlockAction', needs: 'admin', args: [{ id: 1 }] },
];
const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

async function worldState() {
  const [runs, users] = await Promise.all([
    hostQuery<{ n: number }>('SELECT count(*)::int AS n FROM fastmigrate.runs'),
    hostQuery<{ email: string; role: string; password_hash: string }>('SELECT email, role, password_hash FROM fastmigrate.users ORDER BY id'),
  ]);
  return { runs: runs[0].n, users };
}

test('every server action refuses a role that is not allowed, before any database work, and audits the refusal', async ({ page }) => {
  for (const role of ['viewer', 'operator'] as const) {
    await page.context().clearCookies();
    await signIn(page, role);
    for (const action of ACTIONS.filter((a) => RANK[a.needs] > RANK[role])) {
      const before = await worldState();
      const auditBefore = await hostQuery<{ n: number }>("SELECT count(*)::int AS n FROM fastmigrate.audit_log WHERE outcome = 'refused'");
      const res = await callServerAction(page, '/', serverActionId(action.file, action.name), action.args);
      const body = await res.text();
      expect(body, `${role} → ${action.name}`).toContain('"ok":false');
      expect(body, `${role} → ${action.name}`).toContain(`Your role (${role}) may not do this`);
      expect(await worldState(), `${role} → ${action.name} changed nothing`).toEqual(before);
      const auditAfter = await hostQuery<{ n: number }>("SELECT count(*)::int AS n FROM fastmigrate.audit_log WHERE outcome = 'refused'");
      expect(auditAfter[0].n, `${role} → ${action.name} is audited`).toBe(auditBefore[0].n + 1);
    }
  }
});

test('a server action without a session is refused and changes nothing', async ({ page, request }) => {
  await signIn(page, 'admin'); // only to learn the base URL; the calls below carry no cookies
  const base = new URL(page.url()).origin;
  const before = await worldState();
  for (const action of ACTIONS) {
    const res = await request.post(`${base}/`, {
      headers: { 'Next-Action': serverActionId(action.file, action.name), Accept: 'text/x-component', 'Content-Type': 'text/plain;charset=UTF-8', Origin: base },
      data: JSON.stringify(action.args),
      maxRedirects: 0,
    });
    const body = await res.text();
    // Either the proxy sends it to sign in, or the action itself refuses: never a result.
    const refused = [302, 303, 307].includes(res.status()) ? /\/login/.test(res.headers()['location'] ?? '') : body.includes('"code":"unauthenticated"');
    expect(refused, `${action.name}: ${res.status()} ${body.slice(0, 200)}`).toBe(true);
  }
  expect(await worldState()).toEqual(before);
});

test('a cross-site POST to a server action (foreign Origin) is rejected', async ({ page }) => {
  await signIn(page, 'operator');
  const base = new URL(page.url()).origin;
  const before = await worldState();
  const res = await page.request.post(`${base}/plan`, {
    headers: {
      'Next-Action': serverActionId(PLAN, 'startRunAction'),
      Accept: 'text/x-component',
      'Content-Type': 'text/plain;charset=UTF-8',
      Origin: 'https://evil.example',
    },
    data: JSON.stringify([{ ids: ['acme'], request: { kind: 'rollback-steps', steps: 1 }, confirmCount: 1 }]),
    maxRedirects: 0,
  });
  expect(res.status()).toBeGreaterThanOrEqual(400);
  expect(await res.text()).not.toContain('"ok":true');
  expect(await worldState()).toEqual(before);
});

test('the database password and connection string appear in no page and no action payload', async ({ page }) => {
  const password = process.env.FM_E2E_PG_PASSWORD!;
  expect(password.length).toBeGreaterThan(8);
  const seen: string[] = [];
  page.on('response', async (res) => {
    if (res.url().startsWith(new URL(page.url() || 'http://x').origin)) seen.push(await res.text().catch(() => ''));
  });
  await signIn(page, 'admin');
  // Pages that show errors: an unreachable tenant, a failed one, runs and the audit log.
  for (const path of ['/', '/databases/cyberdyne', '/databases/soylent', '/runs', '/audit', '/users', '/plan?ids=cyberdyne,soylent&action=migrate-latest']) {
    await page.goto(path);
    seen.push(await page.content());
  }
  // Action payloads that carry database errors: preview and rehearsal of the unreachable and failed tenants.
  for (const name of ['previewAction', 'rehearseAction'] as const) {
    const res = await callServerAction(page, '/plan', serverActionId(PLAN, name), [{ ids: ['cyberdyne', 'soylent'], request: { kind: 'migrate-latest' } }]);
    seen.push(await res.text());
  }
  const everything = seen.join('\n');
  expect(everything).toContain('tenant_cyberdyne'); // the errors really are in what was read
  expect(everything).not.toContain(password);
  expect(everything).not.toContain(encodeURIComponent(password));
  expect(everything).not.toMatch(/postgres(ql)?:\/\/[^\s"'<]*:[^\s"'<*]+@/);
});

