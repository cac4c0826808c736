/**
 * The views of the team ledger and of evidence safety under the same rules as every other view,
 * at 1280x800 and at 800 px wide: axe-core finds no critical or serious violation in light or
 * dark, each view has its level-one heading, and no control or table cell lies outside the
 * window. The Team history (a page of runs with an unknown signer), a team run with a valid and
 * with a not-valid verdict, Settings with a reachable ledger and with runs waiting for an
 * unreachable one, the Team scope that says so, and the gate dialog of a step hiding characters.
 */
import type { Page } from '@playwright/test';
import { test, expect, startServe, stopServe, type Host } from './fixtures.js';
import {
  closedLedger,
  PG_MISSING,
  publishTeamRuns,
  serveWithLedger,
  startTeamLedger,
  type TeamLedger,
} from './ledger-helpers.js';
import { finishRun, openRunbook, runStep, startDemoRun } from './notebook-helpers.js';
import { audit, cutOff } from './page-checks.js';

test.skip(!!PG_MISSING, PG_MISSING ?? '');

const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 800 },
];

let team: TeamLedger;
let host: Host;

test.beforeAll(async () => {
  team = await startTeamLedger();
  await publishTeamRuns(team, [
    {
      id: 'known-1',
      operator: 'alice',
      host: 'ws-a',
      status: 'passed',
      runbookId: 'capture',
      startedAt: '2026-03-01T08:00:00Z',
    },
    {
      id: 'stranger-1',
      operator: 'mallory',
      host: 'laptop-unknown-with-a-rather-long-host-name',
      status: 'failed',
      runbookId: 'capture',
      startedAt: '2026-03-02T08:00:00Z',
      unknownSigner: true,
    },
  ]);
  host = await serveWithLedger(team.url);
});

test.afterAll(async () => {
  if (host) await stopServe(host);
  team?.cleanup();
});

/** Audits the page as it is, and at any size checks that nothing is cut off. */
async function check(page: Page, view: string): Promise<string[]> {
  const problems = await audit(page, view);
  for (const c of await cutOff(page)) problems.push(`${view}: cut off: ${c}`);
  return problems;
}

for (const size of SIZES) {
  test(`at ${size.width} px the team views pass axe in light and dark, and nothing is cut off`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    const problems: string[] = [];
    await page.goto(`${host.url}#/history/team`);
    await expect(page.locator('rl-team-history tbody tr')).toHaveCount(2);
    problems.push(...(await check(page, 'team history')));

    await page.goto(`${host.url}#/team-run/known-1`);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('[data-role="verdict"]')).toHaveAttribute('data-status', 'valid');
    problems.push(...(await check(page, 'team run, valid')));

    await page.goto(`${host.url}#/team-run/stranger-1`);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('[data-role="verdict"]')).toHaveAttribute('data-status', 'invalid');
    problems.push(...(await check(page, 'team run, unknown signer')));
    await page.getByRole('button', { name: 'Export' }).click();
    problems.push(...(await check(page, 'team run, export menu')));
    await page.keyboard.press('Escape');

    await page.goto(`${host.url}#/settings`);
    await expect(page.locator('[data-role="ledger-state"]')).toHaveAttribute(
      'data-state',
      'reachable',
    );
    problems.push(...(await check(page, 'settings, ledger reachable')));

    await openRunbook(page, host, 'ui-hidden-text', 'Hidden text demo');
    problems.push(...(await check(page, 'runbook hiding characters')));
    // The first size's test trusted it already on this shared host.
    const trust = page.getByRole('button', { name: 'Trust this runbook' });
    if (await trust.isVisible()) await trust.click();
    await page.getByRole('button', { name: 'Start run' }).click();
    await runStep(page, 'tricky');
    await expect(page.locator('rl-confirm-dialog dialog')).toBeVisible();
    problems.push(...(await check(page, 'gate of a step hiding characters')));
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });

  test(`at ${size.width} px an unreachable ledger and the runs waiting for it pass the same checks`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    const closed = await closedLedger();
    const own = await startServe();
    try {
      await page.goto(`${own.url}#/settings`);
      await page.getByLabel('Connection string').fill(closed.url);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.locator('[data-role="ledger-state"]')).toHaveAttribute(
        'data-state',
        'unreachable',
      );
      await startDemoRun(page, own);
      await finishRun(page);
      await expect(page.locator('[data-role="run-status"]')).not.toHaveText('open');

      const problems: string[] = [];
      await page.goto(`${own.url}#/settings`);
      await expect(page.locator('ul.waiting li')).toHaveCount(1);
      problems.push(...(await check(page, 'settings, runs waiting')));
      await page.goto(`${own.url}#/history/team`);
      await expect(page.locator('[data-role="team-unreachable"] ul.waiting li')).toHaveCount(1);
      problems.push(...(await check(page, 'team history, ledger unreachable')));
      expect(problems).toEqual([]);
    } finally {
      await stopServe(own);
      await closed.close();
    }
  });
}
