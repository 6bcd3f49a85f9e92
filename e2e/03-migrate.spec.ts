import path from 'node:path';
import { expect, test } from '@playwright/test';
import { hostQuery, signIn, USERS } from './support/helpers';

test('filter behind → select → preview SQL → rehearse → apply → watch the run → up to date', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, 'operator');

  // Filter to "behind" and select all of them.
  await page.getByTestId('count-behind').click();
  await expect(page).toHaveURL(/state=behind/);
  await page.getByRole('button', { name: 'Select all 6 matching' }).click();
  await expect(page.getByTestId('selection-count')).toHaveText('6 selected');

  // Preview: per database, which migrations, with their exact SQL.
  await page.getByLabel('Action', { exact: true }).selectOption('migrate-latest');
  await page.getByRole('button', { name: 'Preview plan →' }).click();
  await expect(page).toHaveURL(/\/plan\?action=migrate-latest/);
  const summary = page.getByTestId('preview-summary');
  await expect(summary).toContainText('6 will change');
  await expect(page.getByTestId('preview-wonka')).toContainText('7 → 100');
  await expect(page.getByTestId('preview-wayne')).toContainText('0 → 100');
  const step008 = page.getByTestId('plan-step').filter({ hasText: '008_backfill_transaction_direction' });
  await expect(step008.getByTestId('sql')).toContainText('ALTER TABLE transactions ADD COLUMN direction TEXT;');
  await expect(step008.getByTestId('sql').locator('.k').first()).toBeVisible(); // highlighted keywords
  await expect(page.getByTestId('plan-step').filter({ hasText: '006_index_transactions_booked_at' })).toContainText('no-transaction');

  // Rehearse: for real, rolled back; success and the schema difference, and no-transaction said so.
  await page.getByTestId('rehearse-button').click();
  const rehearsal = page.getByTestId('rehearsal-results');
  await expect(rehearsal).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('rehearsal-wonka')).toHaveAttribute('data-outcome', 'succeeded');
  await expect(page.getByTestId('rehearsal-initech')).toHaveAttribute('data-outcome', 'succeeded');
  await expect(page.getByTestId('rehearsal-wonka')).toContainText('would succeed');
  await expect(page.getByTestId('rehearsal-umbrella')).toHaveAttribute('data-outcome', 'partial');
  await expect(page.getByTestId('rehearsal-umbrella')).toContainText('006_index_transactions_booked_at is marked no-transaction and cannot be rehearsed');
  const diff = rehearsal.getByTestId('schema-diff').first();
  await expect(diff).toContainText('+ table app_settings');
  await expect(diff).toContainText('+ column transactions.direction');
  await expect(diff).toContainText('+ constraint transactions.transactions_direction_chk');
  await page.getByTestId('preview-summary').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'plan.png') });

  // The rehearsal kept nothing.
  const [{ n }] = await hostQuery<{ n: number }>("SELECT count(*)::int AS n FROM fastmigrate.runs WHERE requested_by = $1", [USERS.operator.email]);
  expect(n).toBe(0);

  // Apply: a confirmation that says what happens to how many databases.
  await page.getByTestId('apply-button').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toHaveText('Migrate 6 databases?');
  await expect(dialog).toContainText('migrate to the latest version');
  await dialog.getByTestId('confirm-button').click();

  // The run page follows the run live until it is done.
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  const runUrl = page.url();
  await expect(page.getByRole('main').getByTestId('run-status')).toHaveText('succeeded', { timeout: 90_000 });
  for (const id of ['wonka', 'initech', 'umbrella', 'oscorp', 'stark', 'wayne']) {
    await expect(page.getByTestId(`run-db-${id}`)).toHaveAttribute('data-status', 'applied');
  }
  await expect(page.locator('body')).toContainText(`${USERS.operator.email} via dashboard`);

  // It survives a reload and is in the runs list.
  await page.reload();
  await expect(page.getByRole('main').getByTestId('run-status')).toHaveText('succeeded');
  await page.getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(page.getByTestId('runs-table')).toContainText(USERS.operator.email);
  await expect(page.getByTestId('runs-table').getByRole('link', { name: 'migrate to latest' }).first()).toHaveAttribute('href', new URL(runUrl).pathname);

  // The matrix now shows them up to date.
  await page.getByRole('link', { name: 'Matrix' }).click();
  for (const id of ['wonka', 'initech', 'umbrella', 'oscorp', 'stark', 'wayne']) {
    await expect(page.getByTestId(`row-${id}`)).toHaveAttribute('data-state', 'up-to-date');
    await expect(page.getByTestId(`row-${id}`)).toHaveAttribute('data-current', '100');
  }
  await expect(page.getByTestId('count-behind')).toContainText('0');

  // Recorded: the run log has the user as applied_by, the audit log has the action.
  const audit = await hostQuery<{ action: string; outcome: string; detail: { runId: string; databases: number } }>(
    "SELECT action, outcome, detail FROM fastmigrate.audit_log WHERE actor = $1 AND action = 'migrate' ORDER BY id DESC LIMIT 1",
    [USERS.operator.email],
  );
  expect(audit[0]).toMatchObject({ outcome: 'allowed', detail: { runId: new URL(runUrl).pathname.split('/').pop(), databases: 6 } });
});
