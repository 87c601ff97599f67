import { expect, test, type Locator, type Page } from '@playwright/test';

// The setup project leaves one finished, active evaluate-mode run over the demo data, trained
// with every model.
const MODELS = ['random', 'popularity', 'repeat', 'item-knn', 'als', 'hybrid'];
const CURVES = ['Precision@K', 'Recall@K', 'NDCG@K', 'HitRate@K', 'Precision–recall'];

test.describe.configure({ mode: 'serial' });

function metricsTable(page: Page, protocol: 'all' | 'discovery') {
  return page.getByRole('table', { name: `Metrics, ${protocol} protocol` });
}

function modelRow(table: Locator, model: string) {
  return table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: new RegExp(`^${model}\\b`) }) });
}

test('metrics with intervals and targets, the curves, the protocol switch, trend and diagnostics', async ({ page }) => {
  await page.goto('/performance');
  await expect(page.getByRole('heading', { name: 'Performance', level: 1 })).toBeVisible();
  await expect(page.getByText('active: serving recommendations')).toBeVisible();

  const table = metricsTable(page, 'all');
  for (const model of MODELS) {
    const row = modelRow(table, model);
    await expect(row).toHaveCount(1);
    // Six headline metrics with a 95 % interval each (value, then "lo–hi").
    await expect(row.getByText(/^\d\.\d{3}–\d\.\d{3}$/)).toHaveCount(6);
    // Six targets of the brief (four ranking metrics, coverage, diversity), each met or not.
    await expect(row.getByText(/^(met|not met)$/)).toHaveCount(6);
  }
  await expect(page.getByRole('table', { name: /^Difference to the best baseline/ })).toBeVisible();

  for (const name of CURVES) {
    const figure = page.getByRole('figure', { name, exact: true });
    await figure.scrollIntoViewIfNeeded();
    await expect(figure.locator('svg.recharts-surface').first()).toBeVisible();
    await expect(figure.locator('path.recharts-line-curve')).toHaveCount(MODELS.length);
    for (let i = 0; i < MODELS.length; i++) {
      await expect(figure.locator('.recharts-line-dots').nth(i).locator('circle')).toHaveCount(20);
    }
  }
  const beyond = page.getByRole('figure', { name: 'Coverage and diversity' });
  await expect(beyond.locator('.recharts-bar-rectangle').first()).toBeVisible();

  const trend = page.getByRole('figure', { name: /^HitRate@10 by day$/ });
  await trend.scrollIntoViewIfNeeded();
  await expect(trend.locator('path.recharts-line-curve').first()).toBeVisible();
  await trend.getByLabel('NDCG@10').check();
  await expect(page.getByRole('figure', { name: /^NDCG@10 by day$/ })).toBeVisible();

  await expect(page.getByRole('heading', { name: 'Data diagnostics' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Data warnings' }).or(page.getByText(/^No data warnings/))).toBeVisible();
  await expect(page.getByText('Repeat orders', { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Cold users' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Data snapshot' })).toBeVisible();
  await page.screenshot({ path: 'reports/screenshots/performance.png', fullPage: true });

  // Protocol switch: the URL and the numbers change.
  const allNdcg = await modelRow(table, 'hybrid').getByRole('cell').nth(3).innerText();
  await page.getByRole('navigation', { name: 'Evaluation protocol' }).getByRole('link', { name: 'Discovery' }).click();
  await expect(page).toHaveURL(/[?&]protocol=discovery\b/);
  const discovery = metricsTable(page, 'discovery');
  await expect(discovery).toBeVisible();
  await expect(modelRow(discovery, 'hybrid').getByRole('cell').nth(3)).not.toHaveText(allNdcg);

  // K lives in the URL too.
  await page.getByLabel('K (list length)').selectOption('5');
  await expect(page).toHaveURL(/[?&]k=5\b/);
  await expect(page.getByRole('table', { name: 'Metrics at K = 5' })).toBeVisible();
  await expect(page).toHaveURL(/[?&]protocol=discovery\b/);
});

test('train a production run with visible progress, compare it, make it active and back', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/performance');
  const shown = Number((await page.getByRole('heading', { name: /^Run #\d+$/ }).innerText()).replace('Run #', ''));

  await page.getByRole('button', { name: 'Train for production' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 240_000 });
  const finished = page.getByRole('status').filter({ hasText: /Run #\d+ finished/ });
  await expect(finished).toBeVisible();
  const prodId = Number((await finished.innerText()).match(/Run #(\d+) finished/)![1]);

  const history = page.getByRole('table', { name: 'Run history' });
  const prodRow = history.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^#${prodId}\\b`) }) });
  await expect(prodRow).toContainText('production');
  await expect(prodRow).toContainText('done');

  await page.getByRole('link', { name: `Compare run #${prodId} with run #${shown}` }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]compare=${prodId}\\b`));
  const compare = page.getByTestId('run-compare');
  await expect(compare.getByRole('heading', { name: new RegExp(`^A: run #${shown}`) })).toBeVisible();
  await expect(compare.getByRole('heading', { name: new RegExp(`^B: run #${prodId}`) })).toBeVisible();
  await expect(compare).toContainText(`Run #${prodId} was trained for production on all data`);
  await expect(compare.getByRole('table')).toContainText('hybrid');

  // Make the production run active, then restore the evaluate run for the other specs.
  await prodRow.getByRole('button', { name: `Make run #${prodId} active` }).click();
  await expect(prodRow.getByText('active', { exact: true })).toBeVisible();
  await page.goto(`/performance?run=${shown}`);
  await page.getByRole('button', { name: `Make run #${shown} active` }).first().click();
  await expect(page.getByText('active: serving recommendations')).toBeVisible();
});

test('an unknown run id says so and shows the default run', async ({ page }) => {
  await page.goto('/performance?run=999999');
  await expect(page.getByRole('alert').filter({ hasText: 'Run #999999 does not exist' })).toBeVisible();
  await expect(metricsTable(page, 'all')).toBeVisible();
});
