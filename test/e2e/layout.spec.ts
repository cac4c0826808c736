/**
 * The notebook on a laptop screen and at 800 px wide: the run header collapses to one line while
 * the runbook scrolls, nothing is cut off at the right edge in any view, the library folds away
 * on a wide window and is a drawer on a narrow one. The views of a connected team ledger are
 * checked the same way in team-views.spec.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parseRunbook } from '../../src-main/core/runbook/parser.js';
import { ROOT, test, expect, startServe, stopServe, type Host } from './fixtures.js';
import {
  cell,
  openDemo,
  openRunbook,
  runPassingAndFailing,
  runStep,
  startDemoRun,
  stepStatus,
} from './notebook-helpers.js';
import { cutOff, twoFrames } from './page-checks.js';

/** The sizes the layout promises to fit: a 13" laptop, and a window at half a wide screen. */
const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 800 },
];

/** Starts a run of a bundled runbook (trusted already) and runs its first step. */
async function startBundledRun(page: Page, host: Host): Promise<void> {
  await openRunbook(page, host, 'private-key-handling', 'Handling a TLS private key');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.locator('[data-role="run-status"]')).toHaveText('open');
}

for (const size of SIZES) {
  test(`at ${size.width}x${size.height} the run header is one line under 80 px while the runbook scrolls`, async ({
    page,
    host,
  }) => {
    await page.setViewportSize(size);
    await startBundledRun(page, host);
    const top = page.locator('[data-role="run-top"]');
    const title = top.locator('.title');
    await expect(title).toBeHidden();
    const notebook = page.locator('rl-notebook');
    await notebook.evaluate((n) => n.scrollTo(0, n.scrollHeight / 2));
    await expect(page.locator('rl-run-header h1')).not.toBeInViewport();
    await expect(title).toBeVisible();
    await expect(title).toHaveText('Handling a TLS private key');
    await twoFrames(page);
    const pane = (await notebook.boundingBox())!;
    const header = (await top.boundingBox())!;
    expect(Math.abs(header.y - pane.y)).toBeLessThan(1);
    expect(header.height).toBeLessThan(80);
    for (const control of [
      page.locator('[data-role="run-status"]'),
      page.locator('[data-role="progress"]'),
      page.getByRole('button', { name: /Run all/ }),
      page.getByRole('button', { name: 'Finish run' }),
      page.getByRole('button', { name: 'Export' }),
    ]) {
      await expect(control).toBeInViewport({ ratio: 1 });
      const box = (await control.boundingBox())!;
      // On the bar's one line.
      expect(box.y).toBeGreaterThanOrEqual(header.y);
      expect(box.y + box.height).toBeLessThanOrEqual(header.y + header.height + 1);
    }
    expect(await cutOff(page)).toEqual([]);
  });
}

test('at 800 px no control or table column of any view lies outside the window', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 800, height: 800 });
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Runbooks', level: 1 })).toBeVisible();
  expect(await cutOff(page), 'library').toEqual([]);

  await openDemo(page, host);
  expect(await cutOff(page), 'untrusted runbook').toEqual([]);
  await page.getByRole('button', { name: 'Trust this runbook' }).click();
  await page.getByRole('button', { name: 'Start run' }).click();
  await runPassingAndFailing(page);
  expect(await cutOff(page), 'run').toEqual([]);
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.getByRole('menuitem', { name: /PDF/ })).toBeVisible();
  expect(await cutOff(page), 'export menu').toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Outline' }).click();
  expect(await cutOff(page), 'outline').toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.locator('rl-history tbody tr')).toHaveCount(1);
  const row = page.locator('rl-history tbody tr').first();
  // The operator, the progress and Delete are still there, in the folded columns.
  await expect(row).toContainText('1 / 7 steps');
  await expect(row.getByRole('button', { name: /Delete run/ })).toBeInViewport({ ratio: 1 });
  expect(await cutOff(page), 'history').toEqual([]);
  await page.getByRole('link', { name: 'Team', exact: true }).click();
  await expect(page.locator('[data-role="team-not-configured"]')).toBeVisible();
  expect(await cutOff(page), 'team history without a ledger').toEqual([]);

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Runbook folders' })).toBeVisible();
  await expect(page.locator('[data-role="ledger-state"]')).toBeVisible();
  expect(await cutOff(page), 'settings').toEqual([]);

  await openRunbook(page, host, 'ui-hidden-text', 'Hidden text demo');
  expect(await cutOff(page), 'runbook hiding characters').toEqual([]);
});

test('on a narrow window the library is a drawer: it opens on the toggle and closes when a runbook is picked', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 800, height: 800 });
  await openDemo(page, host);
  const toggle = page.getByRole('button', { name: 'Library', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('rl-library')).toHaveCount(0);
  const main = (await page.locator('main').boundingBox())!;
  expect(main.x).toBe(0);
  expect(main.width).toBe(800);

  await toggle.click();
  const drawer = page.getByRole('dialog', { name: 'Library' });
  await expect(drawer).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(toggle).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(drawer).toBeVisible();
  await drawer.locator('[data-runbook="ui-run-all"]').click();
  await expect(drawer).toBeHidden();
  await expect(page.locator('rl-run-header h1')).toHaveText('Run all demo');
});

test('on a wide window the library column folds away, and stays folded after a reload', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openDemo(page, host);
  const library = page.getByRole('complementary', { name: 'Library' });
  await expect(library).toBeVisible();
  const before = (await page.locator('rl-notebook').boundingBox())!.width;
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await expect(library).toHaveCount(0);
  expect((await page.locator('rl-notebook').boundingBox())!.width).toBeGreaterThan(before + 200);
  await page.reload();
  await expect(page.locator('rl-run-header h1')).toHaveText('UI demo runbook');
  await expect(library).toHaveCount(0);
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await expect(library).toBeVisible();
});

test('a terminal is as tall as its output, up to a limit, and Enlarge makes it taller', async ({
  page,
  host,
}) => {
  await openRunbook(page, host, 'ui-run-all', 'Run all demo');
  await page.getByRole('button', { name: 'Trust this runbook' }).click();
  await page.getByRole('button', { name: 'Start run' }).click();
  await runStep(page, 'fails');
  await expect(stepStatus(page, 'fails')).toHaveText('failed');
  await runStep(page, 'first');
  await expect(cell(page, 'first').locator('.xterm-rows')).toContainText('first-ok');
  const short = cell(page, 'fails').locator('rl-terminal');
  const long = cell(page, 'first').locator('rl-terminal');
  const row = await long.evaluate((t) => {
    const screen = t.shadowRoot!.querySelector('.xterm-screen')!;
    return screen.getBoundingClientRect().height / 24;
  });
  // One line of output: one row and the frame, not a ten-row black box.
  await expect.poll(async () => (await short.boundingBox())!.height).toBeLessThan(row * 3);
  await expect(short.getByRole('button', { name: 'Enlarge the output' })).toBeHidden();
  // Forty-one lines: the terminal stops growing at 24 rows and scrolls.
  await expect.poll(async () => (await long.boundingBox())!.height).toBeGreaterThan(row * 23);
  expect((await long.boundingBox())!.height).toBeLessThan(row * 26);
  const enlarge = long.getByRole('button', { name: 'Enlarge the output' });
  await enlarge.click();
  await expect(long.getByRole('button', { name: 'Shrink the output' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // The whole output fits once enlarged: 41 lines.
  await expect.poll(async () => (await long.boundingBox())!.height).toBeGreaterThan(row * 40);
  await long.getByRole('button', { name: 'Shrink the output' }).click();
  await expect.poll(async () => (await long.boundingBox())!.height).toBeLessThan(row * 26);
  // The outcome line sits right on top of the output.
  const outcome = (await cell(page, 'fails').locator('[data-role="result"]').boundingBox())!;
  const screen = (await short.boundingBox())!;
  expect(Math.abs(outcome.y + outcome.height - screen.y)).toBeLessThan(2);
  await expect(cell(page, 'fails').locator('[data-role="result"]')).toContainText('exit 4');
});

test('code is folded once its step has run and when it is long, and opens on demand', async ({
  page,
  host,
}) => {
  await openRunbook(page, host, 'asa-esmtp-starttls', 'STARTTLS for SMTP through a Cisco ASA');
  const long = cell(page, 'check-starttls-before');
  // The probe's length as the bundled runbook has it now: long enough to start folded.
  const source = readFileSync(join(ROOT, 'runbooks', 'asa-esmtp-starttls.md'), 'utf8');
  const probe = parseRunbook(source, 'asa-esmtp-starttls.md').steps.find(
    (s) => s.name === 'check-starttls-before',
  )!;
  const lines = probe.text.replace(/\n$/, '').split('\n').length;
  expect(lines).toBeGreaterThan(40);
  const fold = long.getByRole('button', { name: `Code, ${lines} lines` });
  await expect(fold).toHaveAttribute('aria-expanded', 'false');
  await expect(long.locator('pre.code')).toHaveCount(0);
  await expect(long.locator('[data-role="peek"]')).toBeVisible();
  await fold.click();
  await expect(fold).toHaveAttribute('aria-expanded', 'true');
  await expect(long.locator('pre.code')).toContainText('openssl');

  await startDemoRun(page, host);
  const greet = cell(page, 'greet');
  await expect(greet.locator('pre.code')).toContainText('echo "hello');
  await runStep(page, 'greet');
  await expect(stepStatus(page, 'greet')).toHaveText('passed');
  await expect(greet.locator('pre.code')).toHaveCount(0);
  await expect(greet.locator('[data-role="peek"]')).toContainText('echo "hello');
  await greet.getByRole('button', { name: /Code, 1 line/ }).click();
  await expect(greet.locator('pre.code')).toBeVisible();
});

test('an untrusted runbook shows every line of its steps for review; trusted, long ones fold', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'runlog-e2e-long-'));
  const script = Array.from({ length: 20 }, (_, i) => `echo "line ${i + 1}"`).join('\n');
  writeFileSync(
    join(dir, 'long.md'),
    `# Long script\n\n\`\`\`sh {"name":"long"}\n${script}\n\`\`\`\n`,
  );
  const host = await startServe(['--runbooks', dir], undefined, { e2eRunbooks: false });
  try {
    await openRunbook(page, host, 'long', 'Long script');
    const fold = cell(page, 'long').getByRole('button', { name: 'Code, 20 lines' });
    await expect(fold).toHaveAttribute('aria-expanded', 'true');
    await expect(cell(page, 'long').locator('pre.code')).toContainText('line 20');
    await page.getByRole('button', { name: 'Trust this runbook' }).click();
    await expect(fold).toHaveAttribute('aria-expanded', 'false');
  } finally {
    await stopServe(host);
    rmSync(dir, { recursive: true, force: true });
  }
});
