import path from 'node:path';

import { expect, test } from '@playwright/test';

const fixture = (name: string) => path.resolve('e2e', 'fixtures', name);

test('upload a small CSV, see the counts; a bad file is rejected and changes nothing', async ({ page }) => {
  await page.goto('/data');
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  const events = page.getByTestId('count-events');
  const before = Number((await events.textContent())!.replace(/,/g, ''));

  await page.getByLabel('File of order events').setInputFiles(fixture('small-orders.csv'));
  await page.getByRole('button', { name: 'Import' }).click();
  const ok = page.getByRole('status').filter({ hasText: 'Imported small-orders.csv' });
  await expect(ok).toContainText('5 rows: 5 new events, 0 already stored, 0 skipped; 3 new users, 3 new merchants');
  await expect(events).toHaveText((before + 5).toLocaleString('en'));
  await expect(page.getByRole('cell', { name: 'small-orders.csv' })).toBeVisible();

  await page.getByLabel('File of order events').setInputFiles(fixture('bad-orders.csv'));
  await page.getByRole('button', { name: 'Import' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Import rejected' });
  await expect(alert).toContainText('Import rejected: nothing was stored.');
  await expect(alert).toContainText('bad-orders.csv, line 3, column order_total: "lots" is not a number');
  await page.reload();
  await expect(events).toHaveText((before + 5).toLocaleString('en'));
  await page.screenshot({ path: 'reports/screenshots/data.png', fullPage: true });
});
