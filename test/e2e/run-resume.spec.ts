/**
 * A run whose host process died mid-step is continued from History in a new host: it shows as
 * interrupted, Resume asks for its secret value again (the record never keeps one), and the next
 * step runs with it.
 */
import { execFileSync } from 'node:child_process';
import { test, expect, startServe, stopServe, type Host } from './fixtures.js';
import {
  askDialog,
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
