/**
 * The notebook without a mouse and with assistive technology: the outline and "next pending",
 * the Export menu as a WAI-ARIA menu button, Shift+Enter passing over cells for another
 * platform, scrolling code reachable by Tab, terminals a screen reader can read, and parameter
 * errors in words.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, startServe, stopServe } from './fixtures.js';
import { cell, openRunbook, runStep, startDemoRun, stepStatus } from './notebook-helpers.js';

/** The step whose cell has the keyboard focus. */
async function focusedStep(page: import('@playwright/test').Page): Promise<string | undefined> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return (el as HTMLElement | null)?.dataset?.step;
  });
}

test('the outline jumps to the next pending step, with its button and with Alt+N', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await startDemoRun(page, host);
  const outline = page.getByRole('navigation', { name: 'Outline' });
  await expect(outline.locator('li[data-step="greet"]')).toHaveAttribute('data-status', 'pending');
  await runStep(page, 'greet');
  await expect(stepStatus(page, 'greet')).toHaveText('passed');
  await expect(outline.locator('li[data-step="greet"]')).toHaveAttribute('data-status', 'passed');

  const next = page.getByRole('button', { name: 'Next pending' });
  await next.click();
  await expect(cell(page, 'ask')).toBeFocused();
  await expect(cell(page, 'ask')).toBeInViewport();
  // Clear of the sticky bar, not underneath it.
  const bar = (await page.locator('[data-role="run-top"]').boundingBox())!;
  const ask = (await cell(page, 'ask').boundingBox())!;
  expect(ask.y).toBeGreaterThanOrEqual(bar.y + bar.height);
  await expect(outline.locator('li[data-step="ask"] a')).toHaveAttribute('aria-current', 'step');

  await page.keyboard.press('Alt+N');
  await expect(cell(page, 'long-sleep')).toBeFocused();
  // From the last pending steps it goes on past the one for another platform, then wraps round.
  await cell(page, 'uplink-description').focus();
  await page.keyboard.press('Alt+N');
  await expect(cell(page, 'ask')).toBeFocused();
  expect(await focusedStep(page)).toBe('ask');

  await outline.getByRole('link', { name: /broken/ }).click();
  await expect(cell(page, 'broken')).toBeFocused();
  await outline.getByRole('link', { name: 'Device configuration' }).click();
  await expect(
    page.locator('rl-runbook-view h2', { hasText: 'Device configuration' }),
  ).toBeFocused();
});

test('on a narrow window the outline opens from the bar, and choosing a step closes it', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 800, height: 800 });
  await startDemoRun(page, host);
  await expect(page.getByRole('navigation', { name: 'Outline' })).toHaveCount(0);
  const toggle = page.getByRole('button', { name: 'Outline' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('region', { name: 'Outline' });
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(toggle).toBeFocused();
  await toggle.click();
  await panel.getByRole('link', { name: /elevated/ }).click();
  await expect(panel).toBeHidden();
  await expect(cell(page, 'elevated')).toBeFocused();
});

test('the Export menu works with the keyboard alone', async ({ page, host }) => {
  const runId = await startDemoRun(page, host);
  const button = page.getByRole('button', { name: 'Export' });
  await button.focus();
  await expect(button).toHaveAttribute('aria-haspopup', 'menu');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowDown');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const menu = page.getByRole('menu', { name: 'Export' });
  const items = menu.getByRole('menuitem');
  await expect(items).toHaveCount(4);
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(items.nth(3)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(items.nth(3)).toBeFocused();
  await page.keyboard.press('j');
  await expect(menu.getByRole('menuitem', { name: /JSON/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  // Enter opens on the first item too, Home goes back to it, Enter chooses.
  await page.keyboard.press('Enter');
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await expect(menu.getByRole('menuitem', { name: /HTML/ })).toBeFocused();
  const downloading = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.html$/);
  expect(readFileSync(await download.path(), 'utf8')).toContain(runId);
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();

  // Tab leaves the menu and closes it.
  await page.keyboard.press('ArrowUp');
  await expect(items.nth(3)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(menu).toBeHidden();
});

test('Shift+Enter passes over a cell for another platform to the next one that can be done', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await expect(cell(page, 'windows-only')).toHaveAttribute('data-status', 'not-applicable');
  await cell(page, 'broken').focus();
  await page.keyboard.press('Shift+Enter');
  await expect(stepStatus(page, 'broken')).toHaveText('failed');
  await expect(cell(page, 'the-change-window-is-approved')).toBeFocused();
});

test('a code block that scrolls sideways can be reached and scrolled with the keyboard', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'runlog-e2e-wide-'));
  const wide = `echo ${'x'.repeat(300)}`;
  // Wider than the cell at 800 px, yet short enough not to be flagged and wrapped as a long line.
  const step = `echo ${'x'.repeat(150)}`;
  writeFileSync(
    join(dir, 'wide.md'),
    `# Wide code\n\nAn example:\n\n    ${wide}\n\n\`\`\`sh {"name":"wide"}\n${step}\n\`\`\`\n\n` +
      `\`\`\`sh {"name":"short"}\necho short\n\`\`\`\n`,
  );
  const host = await startServe(['--runbooks', dir], undefined, { e2eRunbooks: false });
  try {
    await page.setViewportSize({ width: 800, height: 800 });
    await openRunbook(page, host, 'wide', 'Wide code');
    for (const [region, name] of [
      [cell(page, 'wide').locator('pre.code'), 'Code of step wide'],
      [page.locator('rl-runbook-view .prose pre'), 'Example from the runbook'],
    ] as const) {
      await expect(region).toHaveAttribute('tabindex', '0');
      await expect(region).toHaveAttribute('role', 'region');
      await expect(region).toHaveAttribute('aria-label', name);
      await region.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    }
    // Nothing hidden in a short one: it stays out of the Tab order.
    await expect(cell(page, 'short').locator('pre.code')).not.toHaveAttribute('tabindex', /.*/);
  } finally {
    await stopServe(host);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a terminal is labelled and readable by a screen reader; Tab moves on from a running step', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await runStep(page, 'ask');
  const terminal = cell(page, 'ask').locator('rl-terminal');
  await expect(terminal.getByRole('region', { name: 'Output of step ask' })).toBeVisible();
  const input = terminal.locator('textarea');
  await expect(input).toHaveAttribute('aria-label', /Input to step ask/);
  // xterm.js's screen reader mode mirrors the screen's text in an accessibility tree.
  await expect(terminal.locator('.xterm-accessibility-tree')).toContainText('Your name:');
  await terminal.click();
  await page.keyboard.press('Tab');
  await expect(input).not.toBeFocused();
  await terminal.click();
  await page.keyboard.type('carol');
  await page.keyboard.press('Enter');
  await expect(stepStatus(page, 'ask')).toHaveText('passed');
  await expect(input).toHaveAttribute('aria-label', /Output of step ask, read-only/);
});

test('a value the runbook’s pattern refuses is explained with its description, not the regex', async ({
  page,
  host,
}) => {
  await openRunbook(page, host, 'private-key-handling', 'Handling a TLS private key');
  const field = page.locator('[data-param="SUBJECT"]');
  await field.locator('input').fill('CN=host.example.org');
  const error = field.locator('.error');
  await expect(error).toContainText(
    '"CN=host.example.org" is not in the form this runbook expects',
  );
  await expect(error).toContainText('slash form');
  await expect(error).not.toContainText('^');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(field.locator('input')).toBeFocused();
  await expect(page.locator('[data-role="run-status"]')).toHaveCount(0);
});
