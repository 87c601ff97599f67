import { expect, test } from '@playwright/test';

// Depends on the `setup` project: demo data imported and an evaluate run trained and active.

test('find a user by prefix, see history and explained recommendations, switch model and exclusion', async ({ page }) => {
  await page.goto('/users');
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  const box = page.getByRole('combobox', { name: 'User id' });
  await box.pressSequentially('u_0', { delay: 40 });
  const first = page.getByRole('option').first();
  await expect(first).toBeVisible();
  const userId = (await first.textContent())!.trim().split(/\s+/)[0]!;
  expect(userId).toMatch(/^u_0/);
  await first.click();

  await expect(page).toHaveURL(new RegExp(`/users/${userId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(userId);
  await expect(page.getByLabel('User summary')).toContainText(/Days since last order\s*\d+/);
  await expect(page.getByLabel('User summary')).toContainText(/as of \d{4}-\d{2}-\d{2}/);
  await expect(page.getByLabel('User summary')).toContainText(/(High|Medium|Low) spender/);
  const history = page.getByRole('table', { name: 'Order history' });
  await expect(history.getByRole('row').nth(1)).toBeVisible();
  expect(Number(await page.getByTestId('user-orders').textContent())).toBeGreaterThan(0);

  // Default model (hybrid): a ranked list, each row with a plain-language reason.
  const recs = page.getByRole('table', { name: 'Recommendations' });
  await expect(recs.getByRole('row').nth(1)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('hybrid');
  // Columns: #, Merchant, Score, Source, Why.
  const why = (row: number) => recs.getByRole('row').nth(row).getByRole('cell').nth(4);
  const rows = (await recs.getByRole('row').count()) - 1;
  expect(rows).toBeGreaterThan(0);
  const reasons = await Promise.all(Array.from({ length: rows }, (_, i) => why(i + 1).textContent()));
  for (const r of reasons) expect(r).toMatch(/(Because you ordered from|You order here|You ordered here|Popular)/);

  // Item-kNN with "exclude merchants already ordered": every reason names history merchants.
  await page.getByRole('combobox', { name: 'Model' }).selectOption('item-knn');
  await expect(page).toHaveURL(/model=item-knn/);
  await page.getByRole('checkbox', { name: 'Exclude merchants already ordered' }).check();
  await expect(page).toHaveURL(/model=item-knn.*exclude_ordered=1|exclude_ordered=1.*model=item-knn/);
  await expect(page.getByRole('checkbox', { name: 'Exclude merchants already ordered' })).toBeChecked();
  await expect(why(1)).toHaveText(/^Because you ordered from .+; people who order there also order here\./);
  await expect(recs).not.toContainText('ordered before');

  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('item-knn');
  await expect(page.getByRole('checkbox', { name: 'Exclude merchants already ordered' })).toBeChecked();
  await page.screenshot({ path: 'reports/screenshots/users.png', fullPage: true });
});

test('an unknown user id shows a clear not-found message with a search box', async ({ page }) => {
  await page.goto('/users/u_999');
  await expect(page.getByRole('alert').filter({ hasText: 'No user u_999 in the data; search again' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'User id' })).toBeVisible();
});
