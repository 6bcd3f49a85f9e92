import { expect, test } from '@playwright/test';
import { callServerAction, hostQuery, serverActionId, signIn, tenantQuery, USERS } from './support/helpers';

test.describe('a viewer', () => {
  test.beforeEach(async ({ page }) => signIn(page, 'viewer'));

  test('can preview but sees no rehearse, apply or roll back', async ({ page }) => {
    await page.getByLabel('Select tenant soylent').check();
    await page.getByRole('button', { name: 'Preview plan →' }).click();
    await expect(page.getByTestId('preview-summary')).toContainText('1 will change');
    await expect(page.getByTestId('plan-step').first().getByTestId('sql')).toBeVisible();
    await expect(page.getByTestId('viewer-note')).toContainText('Your role (viewer) can preview plans');
    await expect(page.getByTestId('apply-button')).toHaveCount(0);
    await expect(page.getByTestId('rehearse-button')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Apply|Roll back|Rehearse/ })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  });

  test('is refused when calling the apply action directly, and the refusal is audited', async ({ page }) => {
    const before = await tenantQuery<{ n: number }>('acme', 'SELECT count(*)::int AS n FROM _migration_versions');
    const res = await callServerAction(page, '/plan', serverActionId('app/actions/plan.ts', 'startRunAction'), [
      { ids: ['acme'], request: { kind: 'migrate-latest' }, confirmCount: 1 },
    ]);
    expect(res.status()).toBe(200);
    const body = await res.text();
    expect(body).toContain('"ok":false');
    expect(body).toContain('Your role (viewer) may not do this: it needs operator or admin.');
    expect(body).not.toMatch(/postgres:\/\//);

    const rehearse = await callServerAction(page, '/plan', serverActionId('app/actions/plan.ts', 'rehearseAction'), [{ ids: ['acme'], request: { kind: 'migrate-latest' } }]);
    expect(await rehearse.text()).toContain('may not do this');

    // Nothing ran, nothing was queued; the refusal is in the audit log with who, what and where from.
    expect(await tenantQuery<{ n: number }>('acme', 'SELECT count(*)::int AS n FROM _migration_versions')).toEqual(before);
    const runs = await hostQuery<{ n: number }>('SELECT count(*)::int AS n FROM fastmigrate.runs WHERE requested_by = $1', [USERS.viewer.email]);
    expect(runs[0].n).toBe(0);
    const audit = await hostQuery<{ action: string; outcome: string; origin: string; detail: Record<string, unknown> }>(
      "SELECT action, outcome, origin, detail FROM fastmigrate.audit_log WHERE actor = $1 AND outcome = 'refused' ORDER BY id",
      [USERS.viewer.email],
    );
    expect(audit.map((a) => a.action)).toEqual(['migrate', 'rehearse']);
    expect(audit[0]).toMatchObject({ origin: expect.stringMatching(/^dashboard /), detail: { reason: 'role', role: 'viewer', required: 'operator', databases: 1 } });

    await page.goto('/audit?outcome=refused');
    await expect(page.getByTestId('audit-row').filter({ hasText: USERS.viewer.email }).first()).toContainText('refused');
  });

  test('cannot manage users', async ({ page }) => {
    await page.goto('/users');
    await expect(page.getByText('Only admins manage users')).toBeVisible();
    const res = await callServerAction(page, '/users', serverActionId('app/actions/users.ts', 'addUserAction'), [{ email: 'x@e2e.test', role: 'admin', password: 'abcdefghijklmnop' }]);
    expect(await res.text()).toContain('it needs admin');
    expect(await hostQuery("SELECT 1 FROM fastmigrate.users WHERE email = 'x@e2e.test'")).toHaveLength(0);
  });
});

test('an admin adds a user, who can then sign in with their role', async ({ page, browser }) => {
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Email').fill('new.operator@e2e.test');
  await page.getByLabel('Role', { exact: true }).selectOption('operator');
  await page.getByLabel(/^Password/).fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('status')).toContainText('Added new.operator@e2e.test as operator.');
  await expect(page.getByRole('row', { name: /new\.operator@e2e\.test/ })).toContainText('operator');

  const other = await browser.newPage();
  await other.goto('/login');
  await other.getByLabel('Email').fill('new.operator@e2e.test');
  await other.getByLabel('Password').fill('a-long-enough-password');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other.getByTestId('signed-in-as')).toContainText('operator');

  // Deleting the account ends its session at the next page load.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('row', { name: /new\.operator@e2e\.test/ }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('row', { name: /new\.operator@e2e\.test/ })).toHaveCount(0);
  await other.reload();
  await expect(other).toHaveURL(/\/login\?reason=account/);
  await expect(other.getByText('Your account no longer exists')).toBeVisible();
  await other.goto('/');
  await expect(other).toHaveURL(/\/login/);
  await other.close();
});
