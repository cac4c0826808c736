/**
 * A configuration step shows and copies its text with the run's parameter values in place, the
 * same text its attestation records: what the operator pastes on the router is what the evidence
 * says was applied. A value that could add a line to the configuration is never put in.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { CLI, test, expect } from './fixtures.js';
import { cell, openRunbook } from './notebook-helpers.js';

/**
 * The bundled bogon runbook's router step (its text names `$ACL_NAME` and `$INTERFACE`), its text
 * unfolded, with the clipboard readable by the test.
 */
async function openRouterStep(
  page: Page,
  host: { url: string },
  context: BrowserContext,
): Promise<Locator> {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openRunbook(page, host as never, 'bogon-acl', 'Bogon filter ACL for Cisco IOS');
  const router = cell(page, 'apply-on-router');
  await router.locator('[data-role="fold"]').evaluate((b) => {
    if (b.getAttribute('aria-expanded') !== 'true') (b as HTMLElement).click();
  });
  return router;
}

test('config text shows and copies the values typed, and the recorded attestation names them', async ({
  page,
  host,
  context,
}) => {
  const router = await openRouterStep(page, host, context);
  const code = router.locator('pre.code, [data-role="peek"]').first();
  // The defaults are put in before anything is typed.
  await expect(router.locator('pre.code')).toContainText('ip access-group BOGONS in');
  await expect(router.locator('pre.code')).toContainText('interface GigabitEthernet0/0');

  await page.getByLabel('ACL name').fill('EDGE-IN');
  await page.getByLabel('Upstream interface (IOS)').fill('TenGigabitEthernet1/0/1');
  await expect(router.locator('pre.code')).toContainText('no ip access-list extended EDGE-IN');
  await expect(router.locator('pre.code')).toContainText('interface TenGigabitEthernet1/0/1');
  await expect(router.locator('pre.code')).not.toContainText('$ACL_NAME');

  await router.getByRole('button', { name: 'Copy' }).click();
  await expect(router.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('no ip access-list extended EDGE-IN\n');
  expect(copied).toContain('interface TenGigabitEthernet1/0/1\n ip access-group EDGE-IN in');
  expect(copied).not.toMatch(/\$\{?[A-Z]/);
  await expect(code).toBeVisible();

  // The run keeps those values, and the attestation records exactly the text that was copied.
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('[data-role="run-status"]')).toHaveText('open');
  const runId = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/run\//, ''));
  await expect(router.locator('pre.code')).toContainText('ip access-group EDGE-IN in');
  await router.getByLabel('Device').fill('edge-rtr-1');
  await router.getByRole('button', { name: 'Applied' }).click();
  await expect(router.locator('.recorded')).toContainText('edge-rtr-1');
  const out = join(host.dataDir, 'evidence.json');
  execFileSync(process.execPath, [
    CLI,
    'export',
    runId,
    '--format',
    'json',
    '--out',
    out,
    '--data-dir',
    host.dataDir,
  ]);
  const envelope = JSON.parse(readFileSync(out, 'utf8')).envelope as { payload: string };
  const statement = Buffer.from(envelope.payload, 'base64').toString('utf8');
  expect(statement).toContain(JSON.stringify(copied).slice(1, -1));
  expect(statement).toContain('edge-rtr-1');
});

test('a value that fails its rule is not put in: the names stay and the cell says why', async ({
  page,
  host,
  context,
}) => {
  const router = await openRouterStep(page, host, context);
  // A value trying to add a command of its own to what is pasted on the router.
  await page.getByLabel('ACL name').fill('X; reload');
  await expect(router.locator('.problems')).toContainText(
    'Shown with $ACL_NAME as written: the value of "ACL name" does not pass its rule',
  );
  await expect(router.locator('.problems')).not.toContainText('^(?:');
  await expect(router.locator('pre.code')).toContainText('extended $ACL_NAME');
  await expect(router.locator('pre.code')).not.toContainText('reload');
  await router.getByRole('button', { name: 'Copy' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).not.toContain('reload');
});
