import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from './support/helpers';

test.describe('the matrix', () => {
  test.beforeEach(async ({ page }) => signIn(page, 'operator'));

  test('shows every database in its state, cell by cell, with the version distribution', async ({ page }, testInfo) => {
    const tenants = page.getByTestId('tenant-matrix');
    await expect(tenants).toBeVisible();
    const row = (id: string) => page.getByTestId(`row-${id}`);

    // Host section first, then the tenants.
    await expect(page.getByTestId('host-matrix').getByTestId('row-host')).toHaveAttribute('data-state', 'up-to-date');
    for (const id of ['acme', 'globex', 'hooli', 'tyrell']) await expect(row(id)).toHaveAttribute('data-state', 'up-to-date');
    for (const [id, current] of [['wonka', '7'], ['initech', '6'], ['umbrella', '4'], ['oscorp', '3'], ['stark', '2'], ['wayne', '0']]) {
      await expect(row(id)).toHaveAttribute('data-state', 'behind');
      await expect(row(id)).toHaveAttribute('data-current', current);
    }
    await expect(row('soylent')).toHaveAttribute('data-state', 'failed');
    await expect(row('cyberdyne')).toHaveAttribute('data-state', 'unreachable');

    // Cells: wonka has 1–7 applied and 8, 100 pending; soylent failed at 4; cyberdyne unknown.
    await expect(row('wonka').getByRole('img', { name: 'wonka v7: applied' })).toBeVisible();
    await expect(row('wonka').getByRole('img', { name: 'wonka v8: pending' })).toBeVisible();
    await expect(row('soylent').getByRole('img', { name: 'soylent v4: failed' })).toBeVisible();
    await expect(row('soylent')).toContainText('relation "budgets" already exists');
    await expect(row('cyberdyne').getByRole('img', { name: 'cyberdyne v1: unknown' })).toBeVisible();
    await expect(row('cyberdyne')).toContainText('does not exist');

    // Header counts per state and per version.
    await expect(page.getByTestId('count-behind')).toContainText('6');
    await expect(page.getByTestId('count-failed')).toContainText('1');
    await expect(page.getByTestId('count-unreachable')).toContainText('1');
    await expect(page.getByTestId('count-up-to-date')).toContainText('4');
    await expect(page.getByTestId('version-distribution')).toContainText('v100: 4');
    await expect(page.getByTestId('version-distribution')).toContainText('v3: 2');

    // For reviewers: test-results/matrix.png (the whole page fits a 1400×1100 window).
    await page.setViewportSize({ width: 1400, height: 1100 });
    const file = path.join(testInfo.project.outputDir, 'matrix.png');
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach('matrix', { path: file, contentType: 'image/png' });
  });

  test('filters by state and search, sorts by version, and selects with the keyboard', async ({ page }) => {
    await page.getByLabel('State').selectOption('behind');
    await expect(page).toHaveURL(/state=behind/);
    const rows = page.getByTestId('tenant-matrix').locator('tbody tr');
    await expect(rows).toHaveCount(6);

    await page.getByLabel('Sort by').selectOption('version-asc');
    await expect(rows.first()).toHaveAttribute('data-testid', 'row-wayne');
    await expect(rows.last()).toHaveAttribute('data-testid', 'row-wonka');

    await page.getByLabel('Search tenants').fill('umbr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-testid', 'row-umbrella');
    await page.getByLabel('Search tenants').fill('');
    await expect(rows).toHaveCount(6);

    // Keyboard: focus a row's checkbox, Space selects it.
    await page.getByLabel('Select tenant stark').focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('selection-count')).toHaveText('Nothing selected');
  });
});
