/**
 * Settings, Team ledger: a connection string holding a password is refused (and neither saved
 * nor echoed), a malformed one is refused plainly, a good one is saved and its status shown. When
 * the ledger cannot be reached, finished runs wait in this workstation's queue: Settings and the
 * Team history both say so and show what waits and why; once the ledger answers, "Publish now"
 * sends them, exactly once. Without a ledger the Team scope says how to set one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, startServe, stopServe } from './fixtures.js';
import { closedLedger, PG_MISSING, startTeamLedger, type TeamLedger } from './ledger-helpers.js';
import { finishRun, runPassingAndFailing, startDemoRun } from './notebook-helpers.js';

const field = (page: Page) => page.getByLabel('Connection string');
const state = (page: Page) => page.locator('[data-role="ledger-state"]');

async function openSettings(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/settings`);
  await expect(page.getByRole('heading', { name: 'Team ledger' })).toBeVisible();
  await expect(state(page)).toBeVisible();
}

async function saveUrl(page: Page, url: string): Promise<void> {
  await field(page).fill(url);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
}

test('a connection string with a password is refused, never saved nor shown back', async ({
  page,
  host,
}) => {
  await openSettings(page, host.url);
  await expect(state(page)).toHaveAttribute('data-state', 'none');
  await expect(page.locator('#ledger-help')).toContainText('PGPASSFILE');
  await expect(page.locator('#ledger-help')).toContainText('PGSERVICEFILE');
  for (const secret of [
    'postgresql://ws1:hunter2-pw@db.example.org/runlog_ledger',
    'host=db.example.org dbname=runlog_ledger user=ws1 password=hunter2-pw',
  ]) {
    await saveUrl(page, secret);
    const alert = page.locator('#ledger-error');
    await expect(alert).toContainText('password');
    await expect(alert).toContainText('~/.pgpass');
    await expect(alert).not.toContainText('hunter2');
    await expect(field(page)).toHaveAttribute('aria-invalid', 'true');
    await expect(field(page)).toBeFocused();
  }
  await saveUrl(page, 'just some words');
  await expect(page.locator('#ledger-error')).toContainText('Not a connection string');

  await page.reload();
  await expect(state(page)).toHaveAttribute('data-state', 'none');
  await expect(field(page)).toHaveValue('');
  const settings = join(host.dataDir, 'settings.json');
  const saved = (() => {
    try {
      return readFileSync(settings, 'utf8');
    } catch {
      return '';
    }
  })();
  expect(saved).not.toContain('hunter2');
});

test('without a ledger the Team scope says how to set one', async ({ page, host }) => {
  await page.goto(`${host.url}#/history/team`);
  const panel = page.locator('[data-role="team-not-configured"]');
  await expect(panel).toContainText('No team ledger is set');
  await expect(panel).toContainText('runlog ledger init');
  await panel.getByRole('link', { name: 'Settings › Team ledger' }).click();
  await expect(page).toHaveURL(/#\/settings$/);
});

test.describe('with a ledger on PostgreSQL', () => {
  test.skip(!!PG_MISSING, PG_MISSING ?? '');
  let team: TeamLedger;
  test.beforeAll(async () => {
    team = await startTeamLedger();
  });
  test.afterAll(() => team?.cleanup());

  test('a good connection string is saved, checked, kept over a reload, and can be removed', async ({
    page,
    host,
  }) => {
    await openSettings(page, host.url);
    await saveUrl(page, team.url);
    await expect(page.locator('rl-toast')).toContainText('Team ledger saved.');
    await expect(state(page)).toHaveAttribute('data-state', 'reachable');
    await expect(state(page)).toContainText(`ws1@${team.ledger.server.socketDir}`);
    await expect(page.locator('[data-role="waiting-summary"]')).toContainText('Nothing waits');
    await page.reload();
    await expect(field(page)).toHaveValue(team.url);
    await expect(state(page)).toHaveAttribute('data-state', 'reachable');

    await page.getByRole('button', { name: 'Remove' }).click();
    await expect(state(page)).toHaveAttribute('data-state', 'none');
    await expect(field(page)).toHaveValue('');
  });

  test('runs wait while the ledger cannot be reached; Publish now sends them once, when it answers', async ({
    page,
  }) => {
    const closed = await closedLedger();
    const own = await startServe();
    try {
      await openSettings(page, own.url);
      await saveUrl(page, closed.url);
      await expect(state(page)).toHaveAttribute('data-state', 'unreachable');
      await expect(page.locator('[data-role="ledger-status"] .why')).toContainText(
        'cannot be reached',
      );

      const runId = await startDemoRun(page, own);
      await runPassingAndFailing(page);
      await finishRun(page);
      await expect(page.locator('[data-role="run-status"]')).not.toHaveText('open');

      // The Team scope says so plainly, and shows what waits.
      await page.goto(`${own.url}#/history/team`);
      const panel = page.locator('[data-role="team-unreachable"]');
      await expect(panel).toContainText('The team ledger cannot be reached');
      await expect(panel.locator('[data-role="waiting-summary"]')).toContainText(
        '1 run of this workstation waits to be published.',
      );
      const waiting = panel.locator(`li[data-run="${runId}"]`);
      await expect(waiting).toContainText('waiting');
      await expect(waiting.locator('.why')).toContainText('cannot be reached');

      // Settings too; then the right ledger, and Publish now.
      await openSettings(page, own.url);
      await expect(page.locator(`li[data-run="${runId}"]`)).toBeVisible();
      await saveUrl(page, team.url);
      await expect(state(page)).toHaveAttribute('data-state', 'reachable');
      await page.getByRole('button', { name: 'Publish now' }).click();
      await expect(page.locator('[data-role="waiting-summary"]')).toContainText('Nothing waits');
      await expect(page.locator(`li[data-run="${runId}"]`)).toHaveCount(0);
      await page.getByRole('button', { name: 'Publish now' }).click();
      await expect(page.locator('[data-role="publish-result"]')).toContainText('Published 0 runs');

      const inLedger = await team.ledger.server.sql(
        `SELECT count(*)::int AS n FROM runlog.runs WHERE run_id = '${runId}'`,
        team.ledger.database,
      );
      expect(inLedger.rows[0].n).toBe(1);
      await page.goto(`${own.url}#/history/team`);
      await expect(page.locator(`rl-team-history tbody tr[data-run="${runId}"]`)).toContainText(
        'UI demo runbook',
      );
    } finally {
      await stopServe(own);
      await closed.close();
    }
  });
});
