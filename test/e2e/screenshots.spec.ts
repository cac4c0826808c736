/**
 * Screenshots of every view in light and dark, at 1280x800 ("wide") and 800x800 ("narrow"): the
 * library, a runbook, a run in progress, a failed step with the run bar collapsed, the history
 * and the settings, a runbook whose steps hide characters, a run with a step tried twice, the
 * Finish dialog and a finished run, and on the narrow window the outline
 * and the library drawer. Where PostgreSQL is installed (always with CI=true) the workstation is
 * connected to a team ledger: the settings show it, and the Team history, a team run with its
 * verdict and a run by an unknown signer are pictured too.
 *
 * `npm test` runs this too (it proves every view renders), writing the pictures into the test
 * run's own output folder; `npm run screenshots` writes them to docs/screenshots/ instead, through
 * RUNLOG_SCREENSHOTS_DIR. So a test run never touches the tracked pictures.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, E2E_RUNBOOKS, startServe, stopServe, type Host } from './fixtures.js';
import {
  PG_MISSING,
  publishTeamRuns,
  runlog,
  startTeamLedger,
  trustForTeam,
  type TeamLedger,
} from './ledger-helpers.js';
import {
  askDialog,
  cell,
  runStep,
  screen,
  skipStep,
  startDemoRun,
  stepStatus,
} from './notebook-helpers.js';
import { openAttemptsRun } from './record-helpers.js';
import { twoFrames } from './page-checks.js';

const SIZES = {
  wide: { width: 1280, height: 800 },
  narrow: { width: 800, height: 800 },
} as const;
type SizeName = keyof typeof SIZES;

/** Runs of a team, as its ledger would hold them after a few days. */
const TEAM_RUNS = [
  ['r-0301-alice', 'alice', 'ops-ws-07', 'passed', '2026-03-01T08:12:00Z'],
  ['r-0302-bob', 'bob', 'ops-ws-11', 'failed', '2026-03-02T14:40:00Z'],
  ['r-0303-mallory', 'mallory', 'laptop-42', 'passed', '2026-03-03T22:05:00Z'],
  ['r-0304-carol', 'carol', 'ops-ws-02', 'incomplete', '2026-03-04T09:30:00Z'],
  ['r-0305-alice', 'alice', 'ops-ws-07', 'passed', '2026-03-05T07:55:00Z'],
] as const;

/**
 * A host whose library is the six bundled runbooks and the two demos alone: the other e2e
 * fixtures (hostile Markdown among them) have no place in pictures for the documentation. With a
 * team ledger where PostgreSQL is installed.
 */
async function documentationHost(): Promise<{ host: Host; books: string; team?: TeamLedger }> {
  const books = mkdtempSync(join(tmpdir(), 'runlog-shots-'));
  for (const name of ['ui-demo.md', 'ui-hidden-text.md', 'ui-record.md'])
    copyFileSync(join(E2E_RUNBOOKS, name), join(books, name));
  const dataDir = mkdtempSync(join(tmpdir(), 'runlog-shots-data-'));
  let team: TeamLedger | undefined;
  if (!PG_MISSING) {
    team = await startTeamLedger();
    await publishTeamRuns(
      team,
      TEAM_RUNS.map(([id, operator, host, status, startedAt]) => ({
        id,
        operator,
        host,
        status,
        startedAt,
        runbookId: 'wireless-capture',
        unknownSigner: operator === 'mallory',
      })),
    );
    trustForTeam(team, 'ui-hidden-text');
    runlog(['ledger', 'init', team.url, '--data-dir', dataDir]);
  }
  const host = await startServe(['--runbooks', books], dataDir, { e2eRunbooks: false });
  return { host, books, team };
}

class Camera {
  constructor(
    private readonly page: Page,
    private readonly dir: string,
    private readonly size: SizeName,
  ) {}

  /** Saves the page as it is, in light and in dark. */
  async shoot(name: string): Promise<void> {
    // Notices fade by themselves; closing them keeps them out of the pictures.
    for (const close of await this.page.locator('rl-toast button').all()) await close.click();
    for (const scheme of ['light', 'dark'] as const) {
      await this.page.emulateMedia({ colorScheme: scheme });
      await twoFrames(this.page);
      await this.page.screenshot({ path: join(this.dir, `${name}-${this.size}-${scheme}.png`) });
    }
    await this.page.emulateMedia({ colorScheme: 'light' });
  }
}

for (const size of Object.keys(SIZES) as SizeName[]) {
  test(`screenshots of every view, light and dark, ${size} @screenshots`, async ({
    page,
  }, testInfo) => {
    const dir = process.env.RUNLOG_SCREENSHOTS_DIR
      ? resolve(process.env.RUNLOG_SCREENSHOTS_DIR)
      : testInfo.outputPath('screenshots');
    mkdirSync(dir, { recursive: true });
    const { host, books, team } = await documentationHost();
    try {
      await page.setViewportSize(SIZES[size]);
      const camera = new Camera(page, dir, size);
      await takeScreenshots(page, host, camera, size);
      if (team) await teamScreenshots(page, host, camera);
      // After the team's pictures: the finished run is published to the ledger.
      await recordScreenshots(page, host, camera);
    } finally {
      await stopServe(host);
      team?.cleanup();
      rmSync(books, { recursive: true, force: true });
    }
  });
}

async function takeScreenshots(page: Page, host: Host, camera: Camera, size: SizeName) {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await camera.shoot('library');

  await page.goto(`${host.url}#/runbook/wireless-capture`);
  await expect(page.locator('rl-run-header h1')).toContainText('Wi-Fi');
  await camera.shoot('runbook');

  await startDemoRun(page, host);
  await runStep(page, 'greet');
  await expect(stepStatus(page, 'greet')).toHaveText('passed');
  await runStep(page, 'ask');
  await expect(screen(page, 'ask')).toContainText('Your name:');
  await page.locator('rl-notebook').evaluate((n) => n.scrollTo(0, 0));
  await camera.shoot('run');

  await cell(page, 'ask').locator('rl-terminal').click();
  await page.keyboard.type('alice');
  await page.keyboard.press('Enter');
  await expect(stepStatus(page, 'ask')).toHaveText('passed');
  await runStep(page, 'broken');
  await expect(stepStatus(page, 'broken')).toHaveText('failed');
  await cell(page, 'broken').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await camera.shoot('failed-step');

  if (size === 'narrow') {
    await page.getByRole('button', { name: 'Outline' }).click();
    await camera.shoot('outline');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Library' })).toBeVisible();
    await camera.shoot('drawer');
    await page.keyboard.press('Escape');
  }

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.locator('rl-history tbody tr')).toHaveCount(1);
  await camera.shoot('history');

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Runbook folders' })).toBeVisible();
  await expect(page.locator('[data-role="ledger-state"]')).not.toHaveAttribute(
    'data-state',
    'checking',
  );
  await camera.shoot('settings');

  await page.goto(`${host.url}#/runbook/ui-hidden-text`);
  await expect(page.locator('[data-role="hidden-steps"]')).toBeVisible();
  await cell(page, 'tricky').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await camera.shoot('hidden-characters');
}

/** A run with a step tried twice, the Finish dialog listing what is pending, the finished run. */
async function recordScreenshots(page: Page, host: Host, camera: Camera) {
  await openAttemptsRun(page, host);
  await cell(page, 'flaky').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await camera.shoot('run-attempts');

  await skipStep(page, 'capture', 'no capture card in this laptop');
  await page.locator('rl-run-bar').getByRole('button', { name: 'Finish run' }).click();
  await expect(askDialog(page).locator('[data-role="ask-items"] li').first()).toBeVisible();
  await camera.shoot('finish-dialog');
  await askDialog(page).getByRole('button', { name: 'Finish run' }).click();
  await expect(page.locator('[data-role="run-summary"]')).toBeVisible();
  await page
    .locator('[data-role="run-summary"]')
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await camera.shoot('finished-run');
}

/** The Team history, a run of it verified, and a run whose key is not a team signer. */
async function teamScreenshots(page: Page, host: Host, camera: Camera) {
  await page.goto(`${host.url}#/history/team`);
  await expect(page.locator('rl-team-history tbody tr')).toHaveCount(TEAM_RUNS.length);
  await camera.shoot('team-history');

  await page.goto(`${host.url}#/team-run/r-0304-carol`);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('[data-role="verdict"]')).toHaveAttribute('data-status', 'valid');
  await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
  await camera.shoot('team-run');

  await page.goto(`${host.url}#/team-run/r-0303-mallory`);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('[data-role="verdict"]')).toHaveAttribute('data-status', 'invalid');
  await page
    .locator('[data-role="verdict"]')
    .evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await camera.shoot('team-run-unknown-signer');
}
