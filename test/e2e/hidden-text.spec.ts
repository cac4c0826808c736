/**
 * Nothing runs that the operator could not see: a step whose text hides a bidirectional override
 * and zero-width characters is flagged, each of them drawn as a visible mark in its place (the
 * characters themselves never reach the page), a line that runs far to the right is wrapped and
 * marked, and such a step asks before it runs, showing its text marked the same way. Also the
 * parameter form's warning for a secret so short its redaction may blank ordinary output.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures.js';
import { cell, openRunbook, runStep, stepStatus, trustAndStart } from './notebook-helpers.js';

/** The characters the fixture hides: right-to-left override, isolates, zero-width space and joiner. */
const HIDDEN = ['\u202e', '\u2066', '\u2069', '\u200b', '\u200d'];

async function openHiddenText(page: Page, host: { url: string }): Promise<void> {
  await openRunbook(page, host as never, 'ui-hidden-text', 'Hidden text demo');
}

/** The markup of a cell's whole shadow tree, where a hidden character would be if it got through. */
function markup(locator: Locator): Promise<string> {
  return locator.evaluate((el) => {
    const root = el.getRootNode() as ShadowRoot;
    return root.innerHTML;
  });
}

test('hidden characters in a step are flagged and drawn as marks, never as themselves', async ({
  page,
  host,
}) => {
  await openHiddenText(page, host);
  const note = page.locator('[data-role="hidden-steps"]');
  await expect(note).toContainText('tricky');
  await expect(note).toContainText('joined-interface');
  await expect(note).not.toContainText('far-right');

  const tricky = cell(page, 'tricky');
  await expect(tricky.locator('[data-role="hidden-flag"]')).toHaveText(/hidden characters/i);
  const notice = tricky.locator('[data-role="hidden-notice"]');
  await expect(notice).toContainText('right-to-left override');
  await expect(notice).toContainText('U+202E');
  await expect(notice).toContainText('zero-width space');
  await expect(notice).toContainText('left-to-right isolate U+2066 ×2');
  const code = tricky.locator('[data-role="revealed-code"]');
  await expect(code.locator('.hidden-char')).toHaveText([
    /U\+202E/,
    /U\+2066/,
    /U\+2069/,
    /U\+2066/,
    /U\+200B/,
  ]);
  // The marks stand in the characters' places, on the lines the notice names.
  await expect(code.locator('[data-line="1"]')).toContainText('echo "hidden-ok" #');
  await expect(code.locator('[data-line="2"]')).toContainText(/zero\s*U\+200B.*width/);
  const html = await markup(tricky);
  for (const ch of HIDDEN) expect(html, `U+${ch.codePointAt(0)!.toString(16)}`).not.toContain(ch);

  const config = cell(page, 'joined-interface');
  await expect(config.locator('[data-role="hidden-flag"]')).toBeVisible();
  await expect(config.locator('.hidden-char')).toHaveText(/U\+200D/);
  expect(await markup(config)).not.toContain('\u200d');

  // A plain step keeps its highlighted code and no flag.
  const plain = cell(page, 'plain');
  await expect(plain.locator('[data-role="hidden-flag"]')).toHaveCount(0);
  await expect(plain.locator('[data-role="revealed-code"]')).toHaveCount(0);
  await expect(plain.locator('pre.code')).toContainText('echo "plain-ok"');

  // Trusted, the flagged steps stay unfolded (a trusted plain script may fold; these may not).
  await page.getByRole('button', { name: 'Trust this runbook' }).click();
  await expect(tricky.locator('[data-role="fold"]')).toHaveAttribute('aria-expanded', 'true');
  await expect(code).toBeVisible();
  // Folded by the operator, its first line still shows the marks, not the characters.
  await tricky.locator('[data-role="fold"]').click();
  await expect(tricky.locator('[data-role="peek"] .hidden-char').first()).toHaveText(/U\+202E/);
  await expect(tricky.locator('[data-role="hidden-notice"]')).toBeVisible();
  expect(await markup(tricky)).not.toContain('\u202e');
});

test('a line that runs far to the right is wrapped and marked, so its end is on screen', async ({
  page,
  host,
}) => {
  await openHiddenText(page, host);
  const far = cell(page, 'far-right');
  await expect(far.locator('[data-role="long-flag"]')).toBeVisible();
  await expect(far.locator('[data-role="hidden-notice"]')).toContainText('line 1 (282 characters)');
  const code = far.locator('[data-role="revealed-code"]');
  await expect(code.locator('.ln.long')).toHaveCount(1);
  const fits = await code.evaluate((pre) => pre.scrollWidth <= pre.clientWidth + 1);
  expect(fits).toBe(true);
  // The command's far end is drawn inside the code block, not past its right edge.
  const box = (await code.boundingBox())!;
  const end = await code.evaluate((pre) => {
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf('far-right-part');
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + 'far-right-part'.length);
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right };
    }
    return undefined;
  });
  expect(end).toBeDefined();
  expect(end!.right).toBeLessThanOrEqual(box.x + box.width);
  expect(end!.left).toBeGreaterThanOrEqual(box.x);
});

test('a step with hidden characters asks before it runs, showing them marked; declined, nothing runs', async ({
  page,
  host,
}) => {
  await openHiddenText(page, host);
  await trustAndStart(page);
  const dialog = page.locator('rl-confirm-dialog dialog');

  await runStep(page, 'tricky');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-role="hidden-notice"]')).toContainText(
    'right-to-left override',
  );
  await expect(dialog.locator('[data-role="revealed-code"] .hidden-char')).toHaveCount(5);
  expect(await dialog.evaluate((d) => d.innerHTML)).not.toContain('\u202e');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(stepStatus(page, 'tricky')).toHaveText('pending');

  await runStep(page, 'tricky');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(stepStatus(page, 'tricky')).toHaveText('passed');
  await expect(cell(page, 'tricky').locator('.xterm-rows')).toContainText('hidden-ok');

  // A plain step and a merely long line run at once: nothing in them is out of sight now.
  await runStep(page, 'plain');
  await expect(stepStatus(page, 'plain')).toHaveText('passed');
  await runStep(page, 'far-right');
  await expect(stepStatus(page, 'far-right')).toHaveText('passed');
  await expect(dialog).toBeHidden();
});

test('Run all asks first for each step that hides characters, and starts nothing when declined', async ({
  page,
  host,
}) => {
  await openHiddenText(page, host);
  await trustAndStart(page);
  const dialog = page.locator('rl-confirm-dialog dialog');
  await page.getByRole('button', { name: /Run all/ }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toContainText('tricky');
  await page.keyboard.press('Escape');
  await expect(page.locator('rl-toast')).toContainText('Run all not started: tricky');
  await expect(stepStatus(page, 'far-right')).toHaveText('pending');
  await expect(stepStatus(page, 'plain')).toHaveText('pending');

  await page.getByRole('button', { name: /Run all/ }).click();
  await dialog.getByRole('button', { name: 'Run' }).click();
  // The walk pauses at the configuration step (attested by hand) after running what precedes it.
  await expect(stepStatus(page, 'tricky')).toHaveText('passed');
  await expect(stepStatus(page, 'far-right')).toHaveText('passed');
  await expect(cell(page, 'far-right').locator('.xterm-rows')).toContainText('far-right-part');
});

test('a secret parameter shorter than four characters earns a warning once the field is left', async ({
  page,
  host,
}) => {
  await openHiddenText(page, host);
  const field = page.locator('[data-param="PIN"] input');
  await expect(field).toHaveAttribute('type', 'password');
  await field.fill('123');
  const warning = page.locator('[data-param="PIN"] [data-role="short-secret"]');
  // Not while typing: the first characters of every secret are short.
  await expect(warning).toHaveCount(0);
  await field.blur();
  await expect(warning).toContainText('only 3 characters long');
  await expect(warning).toContainText('may also blank out');
  const describedBy = await field.getAttribute('aria-describedby');
  expect(describedBy).toContain(await warning.getAttribute('id'));
  // A warning, not a refusal: the run can start with it.
  await expect(page.getByRole('button', { name: 'Trust this runbook' })).toBeVisible();
  await field.fill('1234');
  await expect(warning).toHaveCount(0);
  await field.fill('12');
  await expect(warning).toContainText('only 2 characters long');
});
