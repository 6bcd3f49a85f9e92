import { expect, test } from '@playwright/test';
import { signIn, tenantQuery } from './support/helpers';

test('an admin accepts an edited applied migration on its database page: a new history row, no SQL run; others see no such form', async ({ browser }) => {
  test.setTimeout(120_000);
  // The applied checksum no longer matches the file, as after an edit of tenant/001 (the files are shared by every spec).
  await tenantQuery(
    'acme',
    `UPDATE _migration_versions SET checksum = repeat('0', 64)
      WHERE id = (SELECT max(id) FROM _migration_versions WHERE version = 1 AND direction = 'up')`,
  );
  const before = await tenantQuery<{ n: number }>('acme', 'SELECT count(*)::int AS n FROM _migration_versions');

  const operator = await browser.newPage();
  await signIn(operator, 'operator', '/databases/acme');
  await expect(operator.getByTestId('database-title')).toHaveText('Tenant acme');
  await expect(operator.getByText('was edited after it was applied').first()).toBeVisible();
  await expect(operator.getByTestId('repair-1')).toHaveCount(0);
  await operator.close();

  const page = await browser.newPage();
  await signIn(page, 'admin', '/databases/acme');
  const form = page.getByTestId('repair-1');
  await expect(form).toContainText('Accept tenant/001_');
  const submit = form.getByRole('button', { name: 'Accept the edited file' });
  await expect(submit).toBeDisabled();
  await form.getByLabel('Why (kept in the history and the audit log)').fill('comment fixed after release');
  await form.getByLabel('Nothing will be executed: only a history row is added.').check();
  await submit.click();
  await expect(page.getByRole('main').getByTestId('run-status')).toHaveText('succeeded', { timeout: 60_000 });

  const rows = await tenantQuery<{ n: number }>('acme', 'SELECT count(*)::int AS n FROM _migration_versions');
  expect(rows[0].n).toBe(before[0].n + 1);
  const [last] = await tenantQuery<{ version: number; kind: string; reason: string; applied_by: string }>(
    'acme',
    'SELECT version::int AS version, kind, reason, applied_by FROM _migration_versions ORDER BY id DESC LIMIT 1',
  );
  expect(last).toEqual({ version: 1, kind: 'repair', reason: 'comment fixed after release', applied_by: 'admin@e2e.test' });
  await page.goto('/databases/acme');
  await expect(page.getByTestId('repair-1')).toHaveCount(0);
});
