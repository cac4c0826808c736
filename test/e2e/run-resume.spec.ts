/**
 * A run whose host process died mid-step is continued from History in a new host: it shows as
 * interrupted, Resume asks for its secret value again (the record never keeps one), and the next
 * step runs with it. A run left open on purpose is held by no process: a terminal can finish it,
 * and Resume here takes it back.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { CLI, test, expect, startServe, stopServe, type Host } from './fixtures.js';
import {
  askDialog,
  cell,
  openRunbook,
  runStep,
  screen,
  stepStatus,
  trustAndStart,
} from './notebook-helpers.js';

/** Every process below `pid` (children first, then theirs), as `ps` lists them now. */
function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const pairs = out
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  for (let queue = [pid]; queue.length > 0;) {
    const parent = queue.shift()!;
    const children = pairs.filter(([, ppid]) => ppid === parent).map(([child]) => child);
    found.push(...children);
    queue = [...queue, ...children];
  }
  return found;
}

/** The process exists (a zombie counts, as it does for the history's check of a run's holder). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

test('a run whose host was killed mid-step is resumed from History, asking for its secret again', async ({
  page,
}) => {
  const first = await startServe();
  let second: Host | undefined;
  try {
    await openRunbook(page, first, 'ui-resume', 'Resume demo runbook');
    await page.locator('[data-param="TOKEN"] input').fill('tok-secret-123');
    const runId = await trustAndStart(page);
    await runStep(page, 'before');
    await expect(stepStatus(page, 'before')).toHaveText('passed');
    await runStep(page, 'long');
    await expect(screen(page, 'long')).toContainText('long-started');

    // The host dies with its engine and the step's shell, as in a crash of the whole process tree.
    const tree = descendants(first.process.pid!);
    const gone = new Promise((r) => first.process.once('exit', r));
    first.process.kill('SIGKILL');
    for (const pid of tree) killQuietly(pid);
    await gone;
    // The new host judges the run's holder dead only once its process has really gone.
    await expect.poll(() => tree.filter(exists), { timeout: 15_000 }).toEqual([]);
    second = await startServe([], first.dataDir);
    await page.goto(`${second.url}#/history`);
    const row = page.locator(`rl-history tr[data-run="${runId}"]`);
    await expect(row.locator('[data-status]').first()).toHaveText('interrupted');
    await row.getByRole('button', { name: `Resume run ${runId}` }).click();
    const dialog = askDialog(page);
    await expect(dialog).toContainText('Give the secret values again');
    const go = dialog.getByRole('button', { name: 'Continue the run' });
    await expect(go).toBeDisabled();
    await dialog.getByLabel('TOKEN').fill('tok-secret-123');
    await go.click();
    await expect(page.locator('[data-role="run-status"]')).toHaveText('open');
    await expect(stepStatus(page, 'long')).toHaveText('interrupted');
    await expect(stepStatus(page, 'before')).toHaveText('passed');

    await runStep(page, 'uses-token');
    await expect(stepStatus(page, 'uses-token')).toHaveText('passed');
    await expect(screen(page, 'uses-token')).toContainText('token-given');
    expect(await page.content()).not.toContain('tok-secret-123');
  } finally {
    if (second) await stopServe(second, false);
    await stopServe(first);
  }
});

test('Leave open lets go of the run: a terminal may then finish it, and Resume here takes it back', async ({
  page,
  host,
}) => {
  const finish = (runId: string) =>
    spawnSync(process.execPath, [CLI, 'finish', runId, '--data-dir', host.dataDir], {
      encoding: 'utf8',
    });
  await openRunbook(page, host, 'ui-resume', 'Resume demo runbook');
  await page.locator('[data-param="TOKEN"] input').fill('tok-left-456');
  const runId = await trustAndStart(page);
  await runStep(page, 'before');
  await expect(stepStatus(page, 'before')).toHaveText('passed');

  // While this window holds the run, no other door may finish it.
  const held = finish(runId);
  expect(held.status, held.stderr).toBe(2);
  expect(held.stderr).toMatch(/is open in/);

  await page.getByRole('button', { name: 'Leave open' }).click();
  await expect(page.locator('[data-role="left-open"]')).toHaveText('Left open');
  await expect(page.getByRole('button', { name: 'Run all' })).toHaveCount(0);
  await expect(cell(page, 'uses-token').getByRole('button', { name: /Run/ })).toHaveCount(0);
  await expect(page.locator('rl-toast')).toContainText(`runlog resume ${runId}`);
  await expect(page.locator('[data-role="run-summary"]')).toContainText(
    `Left open, held by no process`,
  );
  await expect(page.locator('[data-role="run-summary"]')).not.toContainText('Finished');

  // Resume here asks for the secret again (nothing kept it) and the steps run again from here.
  await page.getByRole('button', { name: 'Resume here' }).click();
  const dialog = askDialog(page);
  await dialog.getByLabel('TOKEN').fill('tok-left-456');
  await dialog.getByRole('button', { name: 'Continue the run' }).click();
  await runStep(page, 'uses-token');
  await expect(screen(page, 'uses-token')).toContainText('token-given');

  // Left open again, a terminal finishes it: incomplete, since "long" never ran.
  await page.getByRole('button', { name: 'Leave open' }).click();
  await expect(page.locator('[data-role="left-open"]')).toBeVisible();
  const done = finish(runId);
  expect(done.status, done.stderr).toBe(3);
  expect(done.stderr).toContain(`run ${runId} incomplete`);
  expect(await page.content()).not.toContain('tok-left-456');
});
