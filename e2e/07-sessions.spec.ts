// Issue 12: sessions end when they should (sign-out, password reset), a signed-out cookie is never
// renewed, and sign-in throttling counts the real client address and the account, with a way out.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { freePort } from '../lib/db/embedded';
import { callServerAction, hostQuery, serverActionId, signIn, USERS } from './support/helpers';

/** The sign-in form's message (not Next.js's route announcer, which is also an alert). */
const formAlert = (page: Page) => page.locator('form [role="alert"]');

async function signInAs(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function addUser(page: Page, email: string, password: string) {
  await page.goto('/users');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('viewer');
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('status')).toContainText(`Added ${email}`);
}

async function newPage(browser: Browser) {
  return (await browser.newContext()).newPage();
}

test('a signed-out session cookie no longer works anywhere, and GET /api/auth/session does not renew it', async ({ page, browser }) => {
  await signIn(page, 'operator');
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.includes('authjs.session-token'))).toBe(true);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  // The same cookie, replayed from other browsers (each its own: the server clears it once refused).
  const replay = async () => {
    const context = await browser.newContext();
    await context.addCookies(cookies);
    return context;
  };
  const forSession = await replay();
  const res = await forSession.request.get('/api/auth/session');
  expect(await res.json()).toBeNull();
  expect(res.headers()['set-cookie'] ?? '').toMatch(/authjs\.session-token=;/); // cleared, not renewed
  await forSession.close();

  const forPage = await replay();
  const other = await forPage.newPage();
  await other.goto('/runs');
  await expect(other).toHaveURL(/\/login\?reason=ended/);
  await expect(other.getByText('Your session has ended')).toBeVisible();
  await forPage.close();

  const forAction = await browser.newContext();
  const actionPage = await forAction.newPage();
  await actionPage.goto('/login');
  await forAction.addCookies(cookies);
  const call = await callServerAction(actionPage, '/plan', serverActionId('app/actions/plan.ts', 'rehearseAction'), [{ ids: ['acme'], request: { kind: 'migrate-latest' } }]);
  const body = await call.text();
  expect(body).not.toContain('"ok":true');
  expect(body).toContain('"code":"unauthenticated"');
  await forAction.close();
});

test('a password reset by an admin ends the user\'s other sessions', async ({ page, browser }) => {
  await signIn(page, 'admin');
  await addUser(page, 'reset.me@e2e.test', 'the first long password');
  const user = await newPage(browser);
  await signInAs(user, 'reset.me@e2e.test', 'the first long password');
  await expect(user.getByTestId('signed-in-as')).toContainText('reset.me@e2e.test');

  await page.goto('/users');
  const row = page.getByRole('row', { name: /reset\.me@e2e\.test/ });
  await row.getByLabel('New password for reset.me@e2e.test').fill('the second long password');
  await row.getByRole('button', { name: 'Set password' }).click();
  await expect(row.getByRole('status')).toContainText('their sessions have ended');

  await user.reload();
  await expect(user).toHaveURL(/\/login\?reason=ended/);
  await signInAs(user, 'reset.me@e2e.test', 'the second long password');
  await expect(user.getByTestId('signed-in-as')).toContainText('reset.me@e2e.test');
  await user.context().close();
});

test('throttling counts the socket address and the account: a new X-Forwarded-For per guess does not help; an admin unlocks', async ({ page, browser }) => {
  await signIn(page, 'admin');
  await addUser(page, 'locked.out@e2e.test', 'the right long password');

  const attacker = await newPage(browser);
  for (let i = 0; i < 10; i++) {
    await attacker.setExtraHTTPHeaders({ 'X-Forwarded-For': `198.51.100.${i}`, 'X-Real-IP': `198.51.100.${i}`, 'X-Fastmigrate-Peer': `198.51.100.${i}` });
    await signInAs(attacker, 'locked.out@e2e.test', `wrong guess ${i}`);
    await expect(formAlert(attacker)).toHaveText('Wrong email or password.');
  }
  await attacker.setExtraHTTPHeaders({ 'X-Forwarded-For': '198.51.100.99' });
  await signInAs(attacker, 'locked.out@e2e.test', 'the right long password');
  await expect(formAlert(attacker)).toContainText('Too many failed attempts');

  // The audit log has the real address (the socket), not the ones the client wrote, and the lock once.
  const audit = await hostQuery<{ origin: string; detail: { reason: string } }>(
    "SELECT origin, detail FROM fastmigrate.audit_log WHERE action = 'sign-in' AND actor = 'locked.out@e2e.test' ORDER BY id",
  );
  expect(audit.map((a) => a.detail.reason)).toEqual([...Array(10).fill('wrong email or password'), 'locked']);
  expect(new Set(audit.map((a) => a.origin))).toEqual(new Set(['dashboard 127.0.0.1']));

  // An admin sees the lock and ends it (audited); the right password works again.
  await page.goto('/users');
  const row = page.getByRole('row', { name: /locked\.out@e2e\.test/ });
  await expect(row.getByTestId('sign-in-state')).toContainText('locked until');
  await row.getByRole('button', { name: 'Unlock locked.out@e2e.test' }).click();
  await expect(row.getByTestId('sign-in-state')).toHaveText('ok');
  const unlock = await hostQuery<{ actor: string; detail: Record<string, unknown> }>("SELECT actor, detail FROM fastmigrate.audit_log WHERE action = 'user.unlock' ORDER BY id DESC LIMIT 1");
  expect(unlock[0]).toMatchObject({ actor: USERS.admin.email, detail: { subject: 'locked.out@e2e.test', wasLocked: true, refusedWhileLocked: 1 } });

  await attacker.setExtraHTTPHeaders({});
  await signInAs(attacker, 'locked.out@e2e.test', 'the right long password');
  await expect(attacker.getByTestId('signed-in-as')).toContainText('locked.out@e2e.test');
  await attacker.context().close();
});

test('while the host database is down, sign-in and pages say what failed and what to do, never a query', async ({ page, browser }) => {
  // A second dashboard server on the same build whose DATABASE_URL points at a port nothing listens
  // on: the suite's own PostgreSQL and server are left alone.
  const [webPort, deadPort] = [await freePort(), await freePort()];
  const server = spawn(process.execPath, [path.join(process.cwd(), 'app', 'lib', 'server', 'http-server.mjs'), '-p', String(webPort), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      DATABASE_URL: `postgres://postgres:not-shown-pw@127.0.0.1:${deadPort}/fastmigrate_demo`,
      AUTH_SECRET: process.env.FM_E2E_AUTH_SECRET,
      FASTMIGRATE_NEXT_DIST_DIR: process.env.FM_E2E_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: 'ignore',
  });
  try {
    const down = `http://127.0.0.1:${webPort}`;
    await expect(async () => expect((await page.request.get(`${down}/login`)).status()).toBe(200)).toPass({ timeout: 30_000 });

    const visitor = await newPage(browser);
    await visitor.goto(`${down}/login`);
    await visitor.getByLabel('Email').fill(USERS.admin.email);
    await visitor.getByLabel('Password').fill(USERS.admin.password);
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    const alert = formAlert(visitor);
    await expect(alert).toContainText(/Sign-in is unavailable: cannot reach the host database: connect ECONNREFUSED 127\.0\.0\.1:\d+ — check that PostgreSQL is running/);
    await expect(alert).not.toContainText(/Failed query|select|password_hash|not-shown-pw/);
    await visitor.context().close();

    // A signed-in admin (cookies are per host, not per port) opening pages on the server whose database is down.
    await signIn(page, 'admin');
    for (const p of ['/users', '/audit']) {
      await page.goto(`${down}${p}`);
      const problem = page.locator('main [role="alert"]');
      await expect(problem, p).toContainText('The host database cannot be used');
      await expect(problem, p).toContainText('cannot reach the host database');
      await expect(problem, p).toContainText('check that PostgreSQL is running');
      await expect(page.locator('body'), p).not.toContainText(/Failed query|password_hash|not-shown-pw/);
    }
  } finally {
    server.kill('SIGTERM');
  }
});
