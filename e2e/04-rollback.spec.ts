import { expect, test } from '@playwright/test';
import { signIn, tenantQuery, USERS } from './support/helpers';

test('roll back one tenant to a version and see it in its history', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'operator');
  await page.getByTestId('row-acme').getByRole('link', { name: 'acme' }).click();
  await expect(page.getByTestId('database-title')).toHaveText('Tenant acme');
  await expect(page.getByTestId('current-version')).toHaveText('100');

  // The database page's actions lead to its plan.
  await page.getByLabel('Action', { exact: true }).selectOption('rollback-to');
  await page.getByLabel('Version', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Preview plan →' }).click();
  await expect(page).toHaveURL(/\/plan\?action=rollback-to&n=5&id=acme/);
  await expect(page.getByTestId('preview-summary')).toContainText('1 will change');
  await expect(page.getByTestId('preview-acme')).toContainText('100 → 5');
  const down = page.getByTestId('plan-step');
  await expect(down).toHaveCount(4);
  await expect(down.first()).toContainText('100_add_app_settings');
  await expect(down.first().getByTestId('sql')).toContainText('DROP TABLE IF EXISTS app_settings;');

  // The confirmation warns that DOWN may destroy data, and wants that acknowledged.
  await page.getByTestId('apply-button').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Roll back 1 database?');
  await expect(dialog).toContainText('They may drop tables and columns: the data in them is destroyed');
  await expect(dialog.getByTestId('confirm-button')).toBeDisabled();
  await dialog.getByLabel('I understand that data may be lost').check();
  await dialog.getByTestId('confirm-button').click();

  await expect(page.getByRole('main').getByTestId('run-status')).toHaveText('succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('run-db-acme')).toContainText('100 → 5');

  // Its history shows the four DOWN steps, newest first, by the signed-in user.
  await page.getByTestId('run-db-acme').getByRole('link', { name: 'acme' }).click();
  await expect(page.getByTestId('current-version')).toHaveText('5');
  const rows = page.getByTestId('history-row');
  for (const [i, version] of ['6', '7', '8', '100'].entries()) {
    await expect(rows.nth(i)).toHaveAttribute('data-direction', 'down');
    await expect(rows.nth(i)).toHaveAttribute('data-version', version);
    await expect(rows.nth(i)).toContainText(USERS.operator.email);
  }
  const [{ exists }] = await tenantQuery<{ exists: boolean }>('acme', "SELECT to_regclass('app_settings') IS NOT NULL AS exists");
  expect(exists).toBe(false);
});
