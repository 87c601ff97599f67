import { readFile } from 'node:fs/promises';

import { expect, test } from '@playwright/test';

// Depends on the `setup` project: demo data imported and an evaluate run trained and active.

test('open a merchant from a recommendation: stats, similar merchants, audience histogram, superfans, audience CSV', async ({ page }) => {
  await page.goto('/users');
  await page.getByRole('table', { name: 'Most active users' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('User');
  // A discovery recommendation: the user is then in that merchant's likely audience.
  await page.getByRole('checkbox', { name: 'Exclude merchants already ordered' }).check();
  await expect(page).toHaveURL(/exclude_ordered=1/);
  const rec = page.getByRole('table', { name: 'Recommendations' }).getByRole('link').first();
  const name = (await rec.textContent())!.trim();
  await rec.click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  const summary = page.getByLabel('Merchant summary');
  await expect(summary).toContainText('Repeat rate');
  await expect(summary).toContainText('Average order value');
  expect(Number((await page.getByTestId('merchant-orders').textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);

  const similar = page.getByRole('table', { name: 'Similar merchants' });
  await expect(similar.getByRole('row').nth(1)).toContainText(/\d\.\d{3}/);

  const histogram = page.getByRole('img', { name: /Affinity of the \d+ audience users/ });
  await expect(histogram.locator('svg.recharts-surface')).toBeVisible();
  await expect(histogram.locator('.recharts-bar-rectangle').first()).toBeAttached();
  await expect(page.getByRole('table', { name: 'Likely audience' }).getByRole('row').nth(1)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Superfans' }).getByRole('row').nth(1)).toBeVisible();

  const link = page.getByRole('link', { name: /Download [\d,]+ users \(CSV\)/ });
  const expected = Number((await link.textContent())!.match(/([\d,]+) users/)![1]!.replace(/,/g, ''));
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^m_\w+_audience_\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
  expect(lines[0]).toBe('rank,user_id,affinity');
  expect(lines).toHaveLength(expected + 1);
  expect(lines[1]).toMatch(/^1,u_\w+,[01](\.\d+)?$/);
  await page.screenshot({ path: 'reports/screenshots/merchants.png', fullPage: true });

  // Similar merchants link to each other.
  const other = similar.getByRole('link').first();
  const otherName = (await other.textContent())!.trim();
  await other.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(otherName);
});

test('merchant search by name suggests merchants; an unknown id says so', async ({ page }) => {
  await page.goto('/merchants');
  await expect(page.getByRole('heading', { name: 'Merchants', level: 1 })).toBeVisible();
  const top = page.getByRole('table', { name: 'Top merchants' }).getByRole('link').first();
  const word = (await top.textContent())!.trim().split(/\s+/)[0]!;
  await page.getByRole('combobox', { name: 'Merchant id or name' }).pressSequentially(word.toLowerCase(), { delay: 40 });
  const option = page.getByRole('option').filter({ hasText: word }).first();
  await expect(option).toBeVisible();
  await option.click();
  await expect(page).toHaveURL(/\/merchants\/m_\w+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(word);

  await page.goto('/merchants/m_nope');
  await expect(page.getByRole('alert').filter({ hasText: 'No merchant m_nope in the data; search again' })).toBeVisible();
});
