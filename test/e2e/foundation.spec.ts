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

test('attack: none of the page’s HTTP requests carries the token (address, cookie or any header)', async ({
  page,
  host,
}) => {
  const requests: Array<{ url: string; headers: Record<string, string> }> = [];
  page.on(
    'request',
    (r) => void r.allHeaders().then((headers) => requests.push({ url: r.url(), headers })),
  );
  await page.goto(host.url);
  await expect(page.locator('[data-file="wireless-capture.md"]').first()).toBeVisible();
  await page.reload();
  await expect(page.locator('[data-file="wireless-capture.md"]').first()).toBeVisible();
  expect(requests.length).toBeGreaterThanOrEqual(4);
  for (const request of requests) {
    expect(request.url).not.toContain(host.token);
    expect(JSON.stringify(request.headers), request.url).not.toContain(host.token);
    expect(request.headers.cookie, request.url).toBeUndefined();
  }
});
