/**
 * How the notebook holds together while a run goes on: output of a step already running when its
 * run is opened or the page reloaded, and keyboard focus that can be seen. The layout itself (the
 * run bar, terminal heights, folding) is in layout.spec.ts.
 */
import { test, expect } from './fixtures.js';
import { cell, runStep, screen, startDemoRun, stepStatus } from './notebook-helpers.js';

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
  // First the code's fold toggle, at the start of the header, then the Run button.
  await page.keyboard.press('Tab');
  await expect(cell(page, 'greet').getByRole('button', { name: /Code, 1 line/ })).toBeFocused();
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
