import { readFile } from 'node:fs/promises';

import { expect, test, type Page } from '@playwright/test';

// Depends on the `setup` project: demo data imported and an evaluate run trained and active.

const KINDS = ['high_affinity_prospect', 'lapsed_personalized', 'category_explorer', 'merchant_superfan', 'cross_sell_target', 'new_user_onboarding'] as const;
const SEED_HEADER = 'amplitude_id,segment,recommended_merchant_id,recommended_merchant_name,score,export_date';
const count = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent())!.replace(/,/g, ''));

async function build(page: Page, kind: string, fill: Record<string, string> = {}) {
  await page.getByLabel('Segment', { exact: true }).selectOption(kind);
  for (const [label, value] of Object.entries(fill)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Build segment' }).click();
  await expect(page).toHaveURL(new RegExp(`kind=${kind}`));
  await expect(page.getByRole('heading', { level: 2, name: /: preview$/ })).toBeVisible({ timeout: 60_000 });
}

test('build each of the six segments: size, preview rows, sorting and paging', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/segments');
  await expect(page.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Segment', { exact: true })).toBeVisible({ timeout: 60_000 });
  const merchant = (await page.locator('#seg-merchant-options option').first().getAttribute('value'))!;
  expect(merchant).toMatch(/^m_\d+$/);

  for (const kind of KINDS) {
    await build(page, kind, kind === 'merchant_superfan' ? { Merchant: merchant } : {});
    expect(await count(page, 'segment-users'), kind).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: `Preview of ${kind}` });
    await expect(table.getByRole('row').nth(1)).toBeVisible();
    await expect(page.getByTestId('backtest-users')).toBeVisible({ timeout: 60_000 });
  }

  // Sorting and paging on the lapsed segment (one row per user, many users).
  await build(page, 'lapsed_personalized');
  const table = page.getByRole('table', { name: 'Preview of lapsed_personalized' });
  const days = async () => (await table.locator('tbody tr td:nth-child(2)').allTextContents()).map(Number);
  await table.getByRole('button', { name: /days_since_order/ }).click();
  await expect(table.getByRole('columnheader', { name: /days_since_order/ })).toHaveAttribute('aria-sort', 'descending');
  const desc = await days();
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  await table.getByRole('button', { name: /days_since_order/ }).click();
  await expect(table.getByRole('columnheader', { name: /days_since_order/ })).toHaveAttribute('aria-sort', 'ascending');
  const asc = await days();
  expect(asc).toEqual([...asc].sort((a, b) => a - b));
  const pages = page.getByRole('navigation', { name: /pages$/ });
  await expect(pages).toContainText('Page 1 of');
  const firstPage = await table.locator('tbody tr').allTextContents();
  await pages.getByRole('button', { name: 'Next page' }).click();
  await expect(pages).toContainText('Page 2 of');
  expect(await table.locator('tbody tr').allTextContents()).not.toEqual(firstPage);
  await pages.getByRole('button', { name: 'Previous page' }).click();
  await expect(pages).toContainText('Page 1 of');
});

test('download a segment as CSV in the seed format and with its own fields', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/segments?kind=new_user_onboarding');
  await expect(page.getByTestId('segment-rows')).toBeVisible({ timeout: 60_000 });
  const rows = await count(page, 'segment-rows');
  const seedRows = await count(page, 'segment-seed-rows');

  const [seed] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV (seed format)' }).click()]);
  expect(seed.suggestedFilename()).toMatch(/^new_user_onboarding_\d{4}-\d{2}-\d{2}\.csv$/);
  const seedLines = (await readFile((await seed.path())!, 'utf8')).split('\r\n').filter(Boolean);
  expect(seedLines[0]).toBe(SEED_HEADER);
  expect(seedLines).toHaveLength(seedRows + 1);
  const date = seed.suggestedFilename().slice('new_user_onboarding_'.length, -4);
  for (const line of seedLines.slice(1, 50)) expect(line).toMatch(new RegExp(`^u_\\d+,new_user_onboarding,m_\\d+,.+,(0|1|0\\.\\d+),${date}$`));

  const [fields] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV (segment fields)' }).click()]);
  const lines = (await readFile((await fields.path())!, 'utf8')).split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('user_id,order_count,rec_1,rec_2,rec_3');
  expect(lines).toHaveLength(rows + 1);
  for (const line of lines.slice(1, 50)) expect(line).toMatch(/^u_\d+,[01],m_\d+,(m_\d+)?,(m_\d+)?$/);
});

test('bad filters are rejected with a clear message, in the form and by the export route', async ({ page }) => {
  await page.goto('/segments');
  await expect(page.getByLabel('Segment', { exact: true })).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Score above (0–1)').fill('1.5');
  await page.getByRole('button', { name: 'Build segment' }).click();
  await expect(page.locator('#seg-minScore-error')).toHaveText('The score threshold must be a number between 0 and 1 (scores are on a 0–1 scale).');
  await expect(page.getByLabel('Score above (0–1)')).toHaveAttribute('aria-invalid', 'true');

  await page.goto('/segments?kind=merchant_superfan&merchant=m_nope');
  await expect(page.locator('#seg-merchant-error')).toContainText('Unknown merchant "m_nope"', { timeout: 60_000 });

  const unknown = await page.request.get('/api/v1/segments/not_a_segment/export');
  expect(unknown.status()).toBe(400);
  expect((await unknown.json()).error).toMatchObject({ code: 'unknown_segment', message: expect.stringContaining('Unknown segment "not_a_segment"') });
  const range = await page.request.get('/api/v1/segments/lapsed_personalized/export?minDaysSinceOrder=30&maxDaysSinceOrder=10');
  expect(range.status()).toBe(400);
  expect((await range.json()).error).toEqual({ code: 'invalid_filter', message: 'Minimum days since last order (30) is more than the maximum (10).' });
});

test('save a segment with a daily schedule: it is listed and exported', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/segments?kind=lapsed_personalized&minDaysSinceOrder=7');
  await expect(page.getByTestId('segment-users')).toBeVisible({ timeout: 60_000 });
  const name = `Win-back e2e ${Date.now()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Scheduled export').selectOption('daily');
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved “${name}”` })).toBeVisible();
  const saved = page.getByRole('table', { name: 'Saved segments' });
  const row = saved.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('minDaysSinceOrder=7');
  await expect(row.getByRole('combobox', { name: `Schedule of ${name}` })).toHaveValue('daily');
  // The server exports a due scheduled segment right away (and then daily).
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('table', { name: 'Export history' })).toContainText(name, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await page.goto('/segments?kind=high_affinity_prospect');
  await expect(page.getByTestId('backtest-lift')).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: 'reports/screenshots/segments.png', fullPage: true });
});
