/**
 * Cells written for Runme in the notebook: a step that exports variables asks for them in the
 * app's dialog (a secret one in a password field, gone from the page and the host's files once
 * answered; Cancel leaves the step pending), a choice of categories before the run, a background
 * step that lets the walk go on and is stopped at Finish, and the names Runme users know.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.js';
import { cell, finishRun, openRunbook, runStep, screen, stepStatus } from './notebook-helpers.js';
import { audit } from './page-checks.js';

/** A token the secret field is given: it must show up nowhere afterwards. */
const SECRET = 'Zq9-e2e-s3cr3t-value';

async function openRunme(page: Page, host: { url: string }): Promise<void> {
  await openRunbook(page, host as never, 'ui-runme', 'Runme cells demo');
  await page.getByRole('button', { name: 'Trust this runbook' }).click();
}

async function start(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('[data-role="run-status"]')).toHaveText('open');
}

/** Every text, attribute and field value of the page, through its shadow roots. */
function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [location.href, JSON.stringify({ ...localStorage, ...sessionStorage })];
    const visit = (root: Node): void => {
      for (const node of root.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
        if (node instanceof Element) {
          for (const a of node.attributes) parts.push(a.value);
          if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement)
            parts.push(node.value);
          if (node.shadowRoot) visit(node.shadowRoot);
        }
        visit(node);
      }
    };
    visit(document);
    return parts.join('\n');
  });
}

/** Every file under a folder, as bytes. */
function filesUnder(dir: string): Array<{ path: string; bytes: Buffer }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, bytes: readFileSync(path) }];
  });
}

const envDialog = (page: Page) => page.locator('rl-env-dialog dialog');

test('a step that exports variables asks for them; Cancel leaves it pending; a secret leaves no trace', async ({
  page,
  host,
}) => {
  await openRunme(page, host);
  await start(page);

  await runStep(page, 'set-target');
  const dialog = envDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toContainText('set-target');
  await expect(dialog.getByLabel('TARGET_HOST')).toHaveAttribute('type', 'text');
  await expect(dialog.getByLabel('TARGET_HOST')).toBeFocused();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(stepStatus(page, 'set-target')).toHaveText('pending');

  await runStep(page, 'set-target');
  await dialog.getByLabel('TARGET_HOST').fill('db09.test');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(dialog).toBeHidden();
  // The port was left empty: the value written in the step is kept.
  await expect(screen(page, 'set-target')).toContainText('target db09.test:5432');
  await expect(cell(page, 'set-target').locator('[data-role="status"]')).toHaveText('passed');

  await runStep(page, 'login');
  await expect(dialog.getByLabel('API_TOKEN')).toHaveAttribute('type', 'password');
  expect(await audit(page, 'env dialog')).toEqual([]);
  await dialog.getByLabel('API_TOKEN').fill(SECRET);
  await dialog.getByLabel('API_TOKEN').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(screen(page, 'login')).toContainText(`token has ${SECRET.length} characters`);
  await expect(cell(page, 'login').locator('[data-role="status"]')).toHaveText('passed');

  await expect(page.locator('rl-env-dialog input')).toHaveCount(0);
  expect(await pageText(page)).not.toContain(SECRET);
  await finishRun(page);
  await expect(page.locator('[data-role="run-status"]')).not.toHaveText('open');
  await page.reload();
  await expect(screen(page, 'login')).toContainText(`token has ${SECRET.length} characters`);
  expect(await pageText(page)).not.toContain(SECRET);
  const leaks = filesUnder(host.dataDir).filter((f) => f.bytes.includes(SECRET));
  expect(leaks.map((f) => f.path)).toEqual([]);
});

test('Run all asks for the variables of the step it reaches, and Cancel stops the walk there', async ({
  page,
  host,
}) => {
  await openRunme(page, host);
  await start(page);
  await page.getByRole('button', { name: 'Run all' }).click();
  const dialog = envDialog(page);
  await expect(dialog.getByRole('heading')).toContainText('set-target');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(screen(page, 'set-target')).toContainText('target db01.example.org:5432');
  await expect(dialog.getByRole('heading')).toContainText('login');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('rl-app')).toContainText('Run all stopped before login');
  await expect(stepStatus(page, 'login')).toHaveText('pending');
});

test('a run for some categories leaves the other steps not applicable and ends passed', async ({
  page,
  host,
}) => {
  await openRunme(page, host);
  const choice = page.locator('[data-role="category-choice"]');
  for (const c of ['env', 'build', 'deploy', 'watch'])
    await expect(choice.getByLabel(c)).toBeChecked();
  for (const c of ['env', 'deploy', 'watch']) await choice.getByLabel(c).uncheck();
  await expect(choice.getByLabel('build')).toBeDisabled();
  await start(page);

  await expect(page.locator('[data-role="categories-chosen"]')).toContainText('build');
  await expect(stepStatus(page, 'deploy')).toHaveAttribute('data-status', 'not-applicable');
  await expect(cell(page, 'deploy')).toContainText('not in the chosen categories');
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(stepStatus(page, 'build')).toHaveText('passed');
  await expect(screen(page, 'build')).toContainText('built');
  await finishRun(page);
  await expect(page.locator('[data-role="run-status"]')).toHaveText('passed');

  await page.reload();
  await expect(page.locator('[data-role="categories-chosen"]')).toContainText('build');
  await expect(cell(page, 'deploy')).toContainText('not in the chosen categories');
});

test('a background step runs while the walk goes on and is stopped at Finish', async ({
  page,
  host,
}) => {
  await openRunme(page, host);
  const choice = page.locator('[data-role="category-choice"]');
  for (const c of ['env', 'build', 'deploy']) await choice.getByLabel(c).uncheck();
  await start(page);

  const ticker = cell(page, 'ticker');
  await expect(ticker.locator('[data-role="background"]')).toHaveText('background');
  await runStep(page, 'ticker');
  await expect(ticker.locator('[data-role="status"]')).toHaveText('running');
  await expect(ticker.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(ticker).toContainText('Running in the background');

  // The next step runs while the ticker runs, and Run all does not wait for it.
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(screen(page, 'wait-for-ticks')).toContainText('ticker says: tick 1');
  await expect(stepStatus(page, 'wait-for-ticks')).toHaveText('passed');
  await expect(page.locator('rl-app')).toContainText('every applicable step has run');
  await expect(ticker.locator('[data-role="status"]')).toHaveText('running');

  await finishRun(page);
  await expect(page.locator('[data-role="run-status"]')).toHaveText('passed');
  await expect(ticker.locator('[data-role="status"]')).toHaveText('passed');
  await expect(ticker.getByRole('button', { name: 'Stop' })).toHaveCount(0);
});

test("a background step's own Stop ends it and leaves the run open", async ({ page, host }) => {
  await openRunme(page, host);
  await start(page);
  await runStep(page, 'ticker');
  const ticker = cell(page, 'ticker');
  await expect(ticker.locator('[data-role="status"]')).toHaveText('running');
  await ticker.getByRole('button', { name: 'Stop' }).click();
  await expect(ticker.locator('[data-role="status"]')).toHaveText('passed');
  await expect(page.locator('[data-role="run-status"]')).toHaveText('open');
});

test('cells show the names Runme users know; an ignored cell is not a step', async ({
  page,
  host,
}) => {
  await openRunme(page, host);
  const build = cell(page, 'build');
  await expect(build.locator('[data-role="aliases"]')).toHaveText('also: echo-built');
  await expect(build.locator('[data-role="cell-id"]')).toHaveText('id: 01HF7B0KJP…');
  await expect(build.locator('[data-role="cell-id"]')).toHaveAttribute(
    'title',
    'Runme cell id 01HF7B0KJPF469EG9ZVSTKGSA1',
  );
  await expect(cell(page, 'never')).toHaveCount(0);
  await expect(page.locator('rl-runbook-view')).toContainText('this must never run');
  await expect(page.locator('rl-outline').first()).not.toContainText('never');
});

test('a configuration step with its own error shows it and offers no attestation', async ({
  page,
  host,
}) => {
  await openRunme(page, host);
  await start(page);
  const config = cell(page, 'apply-acl');
  await expect(config.locator('[data-role="step-problems"]')).toContainText(
    'unknown platform "beos"',
  );
  await expect(config.getByRole('button', { name: /Applied|Not done/ })).toHaveCount(0);
  await expect(config.getByRole('button', { name: 'Copy' })).toBeVisible();
  await expect(cell(page, 'set-target').getByRole('button', { name: 'Run' })).toBeEnabled();
});

for (const size of [
  { name: 'wide', width: 1280, height: 800 },
  { name: 'narrow', width: 800, height: 800 },
]) {
  test(`the env dialog and the category choice, ${size.name}`, async ({ page, host }, info) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await openRunme(page, host);
    await page.locator('[data-role="category-choice"]').getByLabel('deploy').uncheck();
    await page.locator('[data-role="category-choice"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: info.outputPath(`category-choice-${size.name}.png`) });
    await start(page);
    await runStep(page, 'login');
    await expect(envDialog(page)).toBeVisible();
    await envDialog(page).getByLabel('API_TOKEN').fill('typed');
    await page.screenshot({ path: info.outputPath(`env-dialog-${size.name}.png`) });
    await page.keyboard.press('Escape');
    await runStep(page, 'ticker');
    await expect(stepStatus(page, 'ticker')).toHaveText('running');
    await cell(page, 'ticker').scrollIntoViewIfNeeded();
    await page.screenshot({ path: info.outputPath(`background-${size.name}.png`) });
  });
}
