import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, ROOT } from './fixtures.js';

test('the page lists the bundled runbooks through the contract over the WebSocket', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  const bundled = readdirSync(join(ROOT, 'runbooks')).filter((f) => f.endsWith('.md'));
  expect(bundled.length).toBeGreaterThanOrEqual(6);
  for (const file of bundled) {
    await expect(page.locator(`[data-file="${file}"]`).first()).toBeVisible();
  }
});

test('the page refuses to load without the token', async ({ page, host }) => {
  const response = await page.goto(host.origin + '/');
  expect(response?.status()).toBe(401);
});
