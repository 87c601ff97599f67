import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { generateDemoEvents } from '@/lib/demo';
import { writeEventsCsv } from '@/lib/demo/write-csv';

/** Scale of the e2e demo data: ~1,500 users, ~90 merchants, ~12,000 orders over 60 days. */
export const E2E_DEMO_SCALE = 0.03;

test('setup: import a small demo data set through the Data tab and train through the Performance tab', async ({ page }) => {
  test.setTimeout(300_000);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'e2e-demo-')), 'demo-orders.csv.gz');
  const { rows } = await writeEventsCsv(generateDemoEvents({ scale: E2E_DEMO_SCALE }), file);

  await page.goto('/data');
  await page.getByLabel('File of order events').setInputFiles(file);
  await page.getByRole('button', { name: 'Import' }).click();
  // The generator may emit an exact duplicate (same user, merchant, time, type, total): stored once.
  await expect(page.getByRole('status').filter({ hasText: 'Imported demo-orders.csv.gz' })).toContainText(
    new RegExp(`${rows.toLocaleString('en')} rows: [\\d,]+ new events, \\d+ already stored, 0 skipped`),
    { timeout: 60_000 },
  );

  await page.goto('/performance');
  await page.getByRole('button', { name: /^train$/i }).first().click();
  await expect(page.getByRole('progressbar').first()).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 240_000 });
  await expect(page.getByRole('table').first()).toContainText('hybrid');
});
