import { expect, test } from '@playwright/test';
import { callServerAction, hostQuery, serverActionId, signIn, USERS } from './support/helpers';

test.describe('signing in', () => {
  test('signed-out requests are sent to the sign-in page, pages and server actions alike', async ({ page, request }) => {
    for (const path of ['/', '/plan', '/runs', '/databases/acme', '/audit', '/users']) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(307);
      expect(res.headers().location, path).toMatch(/\/login\?callbackUrl=/);
    }
    // A direct call of the apply action without a session never reaches it.
    await page.goto('/login');
    const res = await callServerAction(page, '/plan', serverActionId('app/actions/plan.ts', 'startRunAction'), [
      { ids: ['wonka'], request: { kind: 'migrate-latest' }, confirmCount: 1 },
    ]);
    expect(res.status()).toBe(307);
    expect(res.headers().location).toMatch(/\/login/);
    await page.goto('/runs');
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('a wrong password is refused, and the refusal is in the audit log', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(USERS.admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Wrong email or password.')).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    const rows = await hostQuery<{ outcome: string; origin: string }>(
      "SELECT outcome, origin FROM fastmigrate.audit_log WHERE action = 'sign-in' AND actor = $1 ORDER BY id DESC LIMIT 1",
      [USERS.admin.email],
    );
    expect(rows[0]).toMatchObject({ outcome: 'refused', origin: expect.stringMatching(/^dashboard /) });
  });

  test('signing in leads back to the page asked for; signing out ends the session', async ({ page }) => {
    await signIn(page, 'admin', '/runs');
    await expect(page).toHaveURL(/\/runs$/);
    await expect(page.getByRole('heading', { name: 'Runs' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });
});
