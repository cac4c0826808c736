/**
 * How the notebook holds together while a run goes on: the sticky run header, terminals of a fixed
 * height the operator can enlarge, output of a step already running when its run is opened, and
 * keyboard focus that can be seen.
 */
import { test, expect } from './fixtures.js';
import {
  cell,
  openRunbook,
  runStep,
  screen,
  startDemoRun,
  stepStatus,
  trustAndStart,
} from './notebook-helpers.js';

test('the run header stays at the top of the pane while the runbook scrolls', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await runStep(page, 'greet');
  await expect(stepStatus(page, 'greet')).toHaveText('passed');
  const main = page.locator('main');
  await main.evaluate((m) => (m.scrollTop = m.scrollHeight));
  await expect(cell(page, 'uplink-description')).toBeInViewport();
  const pane = await main.boundingBox();
  const header = await page.locator('[data-role="run-top"]').boundingBox();
  expect(pane && header).toBeTruthy();
  expect(Math.abs(header!.y - pane!.y)).toBeLessThan(1);
  await expect(page.getByRole('button', { name: /Run all/ })).toBeInViewport({ ratio: 1 });
  await expect(page.locator('[data-role="run-status"]')).toBeInViewport({ ratio: 1 });
});

test('a terminal keeps one fixed height whatever it prints, and Enlarge makes it taller', async ({
  page,
  host,
}) => {
  await openRunbook(page, host, 'ui-run-all', 'Run all demo');
  await trustAndStart(page);
  await runStep(page, 'first');
  await expect(screen(page, 'first')).toContainText('first-ok');
  await runStep(page, 'fails');
  await expect(screen(page, 'fails')).toContainText('going to fail');
  const long = cell(page, 'first').locator('rl-terminal');
  const short = cell(page, 'fails').locator('rl-terminal');
  const longBox = await long.boundingBox();
  const shortBox = await short.boundingBox();
  // Forty lines and one line: the same box, so output never moves the page.
  expect(Math.abs(longBox!.height - shortBox!.height)).toBeLessThan(1);
  const enlarge = long.getByRole('button', { name: 'Enlarge the output' });
  await enlarge.click();
  await expect(long.getByRole('button', { name: 'Shrink the output' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect
    .poll(async () => (await long.boundingBox())!.height)
    .toBeGreaterThan(longBox!.height * 2);
  await expect(screen(page, 'first')).toContainText('first-ok');
  await long.getByRole('button', { name: 'Shrink the output' }).click();
  await expect
    .poll(async () => (await long.boundingBox())!.height)
    .toBeLessThan(longBox!.height + 1);
});

test('a run opened while a step runs shows that step’s earlier output once, then live output', async ({
  page,
  host,
  context,
}) => {
  const runId = await startDemoRun(page, host);
  await runStep(page, 'ask');
  await expect(screen(page, 'ask')).toContainText('Your name:');

  const other = await context.newPage();
  await other.goto(`${host.url}#/run/${encodeURIComponent(runId)}`);
  await expect(stepStatus(other, 'ask')).toHaveText('running');
  await cell(other, 'ask').locator('rl-terminal').scrollIntoViewIfNeeded();
  await expect(screen(other, 'ask')).toContainText('Your name:');
  await cell(other, 'ask').locator('rl-terminal').click();
  await other.keyboard.type('bob');
  await other.keyboard.press('Enter');
  await expect(screen(other, 'ask')).toContainText('got:bob');
  await expect(stepStatus(other, 'ask')).toHaveText('passed');
  const text = await screen(other, 'ask').innerText();
  expect(text.match(/Your name:/g)).toHaveLength(1);
  // The first window saw the answer live as well.
  await expect(screen(page, 'ask')).toContainText('got:bob');
});

test('a page reloaded while a step runs shows the output the step printed before', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await runStep(page, 'long-sleep');
  await expect(screen(page, 'long-sleep')).toContainText('sleeping');
  await page.reload();
  await expect(stepStatus(page, 'long-sleep')).toHaveText('running');
  await cell(page, 'long-sleep').locator('rl-terminal').scrollIntoViewIfNeeded();
  await expect(screen(page, 'long-sleep')).toContainText('sleeping');
  await cell(page, 'long-sleep').getByRole('button', { name: /Stop/ }).click();
  await expect(stepStatus(page, 'long-sleep')).toHaveText('stopped');
});

test('Tab reaches a step’s Run button and shows a visible focus ring on it', async ({
  page,
  host,
}) => {
  await startDemoRun(page, host);
  await cell(page, 'greet').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const style = el ? getComputedStyle(el) : undefined;
    return {
      text: el?.textContent?.trim(),
      visible: el?.matches(':focus-visible'),
      outlineStyle: style?.outlineStyle,
      outlineWidth: parseFloat(style?.outlineWidth ?? '0'),
    };
  });
  expect(focused.text).toBe('▶ Run');
  expect(focused.visible).toBe(true);
  expect(focused.outlineStyle).not.toBe('none');
  expect(focused.outlineWidth).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Enter');
  await expect(stepStatus(page, 'greet')).toHaveText('passed');
});
