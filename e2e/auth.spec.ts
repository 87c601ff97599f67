import { expect, test } from '@playwright/test';

import { E2E_PASSWORD, E2E_TOKEN } from './auth-secrets';

test('with a password set, pages redirect to the login page and the app opens after logging in', async ({ page }) => {
  await page.goto('/segments?kind=lapsed_personalized');
  await expect(page).toHaveURL(/\/login\?next=%2Fsegments%3Fkind%3Dlapsed_personalized$/);
  await page.getByLabel('Password').fill('not it');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong password.' })).toBeVisible();
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/segments\?kind=lapsed_personalized$/);
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  // The dashboard session also opens the API (the pages' own polling and downloads use it).
  expect((await page.request.get('/api/v1/runs/1')).status()).not.toBe(401);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
});

test('the API needs the bearer token; server actions and exports cannot be called without a session', async ({ request }) => {
  const anon = await request.get('/api/v1/runs/1');
  expect(anon.status()).toBe(401);
  expect((await anon.json()).error.code).toBe('unauthorized');
  expect((await request.get('/api/v1/segments/lapsed_personalized/export')).status()).toBe(401);
  expect((await request.get('/api/v1/runs/1', { headers: { Authorization: 'Bearer wrong' } })).status()).toBe(401);
  expect((await request.get('/api/v1/runs/1', { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })).status()).not.toBe(401);
  // The API guards itself (the proxy does not match /api): the upload and the ping too, with the same body.
  const upload = await request.post('/api/v1/imports?file_name=a.csv', { headers: { 'Content-Type': 'application/octet-stream' }, data: 'user_id,merchant_id\n' });
  expect(upload.status()).toBe(401);
  expect(await upload.json()).toEqual({ error: { code: 'unauthorized', message: 'Authentication required: send Authorization: Bearer <API_TOKEN>, or log in to the dashboard.' } });
  expect((await request.get('/api/v1/ping')).status()).toBe(401);
  expect((await request.get('/api/v1/ping', { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })).status()).toBe(200);
  // A server action is a POST to a page with a Next-Action header: refused before it runs.
  const action = await request.post('/data', { headers: { 'Next-Action': '0'.repeat(40), 'Content-Type': 'text/plain;charset=UTF-8' }, data: '[]' });
  expect(action.status()).toBe(401);
  const page = await request.get('/performance', { maxRedirects: 0 });
  expect(page.status()).toBe(307);
  expect(page.headers().location).toContain('/login?next=%2Fperformance');
});
