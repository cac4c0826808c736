import { test } from './fixtures.js';
test('probe', async ({ page, host }) => {
  await page.goto(`${host.url}#/runbook/hostile-markdown`);
  await page.locator('rl-runbook-view').getByText('Canary').waitFor();
  const t = page.locator('rl-runbook-view').locator('template');
  console.log('OUTER', await t.evaluate((e) => (e.parentElement?.outerHTML ?? '').slice(0, 600) + ' || ' + e.innerHTML.slice(0,300)));
});
