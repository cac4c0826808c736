/**
 * A read-only and a full data folder. Both are real file systems: a small
 * tmpfs mounted for the test (root ignores file permissions, so chmod would
 * prove nothing), remounted read-only or filled by a step's output. Skipped
 * where the test cannot mount (not root, or no mount permission).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openService } from '../../src-main/api/open-service.js';
import { BUILT, HOSTILE, runCli, tempDir, trustRunbook } from './helpers.js';
import { unmet } from '../needs.js';

/** Why the disk tests cannot run here; under CI=true that is a failure, not a skip. */
const NO_MOUNT = 'needs root and the right to mount a tmpfs (a VM or a privileged container)';

/** Small enough that the flood step fills it within a second or two. */
const FULL_DISK_SIZE = '2m';
/** Room to look at what was recorded once the "disk" is made larger again. */
const ROOMY_SIZE = '64m';

let dir: string;
let canMount = false;

function mount(args: string[]): void {
  execFileSync('mount', args, { stdio: 'ignore' });
}

function tmpfsAt(name: string, size: string): string {
  const point = join(dir, name);
  mkdirSync(point);
  mount(['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', point]);
  return point;
}

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

beforeAll(() => {
  dir = tempDir('disk');
  try {
    if (process.getuid?.() === 0) {
      const probe = tmpfsAt('probe', '1m');
      execFileSync('umount', [probe]);
      canMount = true;
    }
  } catch {
    canMount = false;
  }
});

afterAll(() => {
  for (const name of ['ro-empty', 'ro-existing', 'full']) {
    try {
      execFileSync('umount', [join(dir, name)], { stdio: 'ignore' });
    } catch {
      // Not mounted (skipped or already unmounted).
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** No Node crash banner from the CLI's own process (a forked engine may print its own). */
const CRASH_BANNER = /^Node\.js v\d+/m;

describe.skipIf(!BUILT)('a read-only data folder', () => {
  it('attack: empty read-only data folder → clear error naming the history file, no crash', async (ctx) => {
    if (!canMount) return ctx.skip(unmet(NO_MOUNT));
    const point = tmpfsAt('ro-empty', '1m');
    mount(['-o', 'remount,ro', point]);
    const result = await runCli(['list', '--data-dir', point]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot open the history ${join(point, 'history.sqlite')}`);
    expect(result.stderr).toMatch(/data folder is writable/);
    expect(result.stderr).not.toMatch(CRASH_BANNER);
  });

  it('attack: history on a disk remounted read-only → clear error, the file is left as it was', async (ctx) => {
    if (!canMount) return ctx.skip(unmet(NO_MOUNT));
    const point = tmpfsAt('ro-existing', '8m');
    const made = await runCli(['history', '--data-dir', point]);
    expect(made.code, made.stderr).toBe(0);
    const before = sha(join(point, 'history.sqlite'));
    mount(['-o', 'remount,ro', point]);
    for (const args of [['history'], ['list'], ['run', 'disk-usage', '--yes']]) {
      const result = await runCli([...args, '--data-dir', point]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(/cannot open the history .*history\.sqlite/);
      expect(result.stderr).not.toMatch(CRASH_BANNER);
    }
    mount(['-o', 'remount,rw', point]);
    expect(sha(join(point, 'history.sqlite'))).toBe(before);
  });
});

describe.skipIf(!BUILT)('a full data folder', () => {
  it('attack: a step prints more than the disk holds → the run reports the failure, earlier records intact', async (ctx) => {
    if (!canMount) return ctx.skip(unmet(NO_MOUNT));
    const point = tmpfsAt('full', FULL_DISK_SIZE);
    const runbook = join(HOSTILE, 'fills-disk.md');
    await trustRunbook(point, runbook);
    const result = await runCli(['run', runbook, '--yes', '--data-dir', point]);
    expect(result.code).toBe(1);
    expect(result.signal).toBeNull();
    expect(result.stderr).toMatch(/disk is full|SQLITE_FULL|no space/i);
    expect(result.stderr).toMatch(/cannot be written to the history/);
    expect(result.stderr).not.toMatch(CRASH_BANNER);
    const runId = /runlog: run (\S+)/.exec(result.stderr)?.[1] ?? '';
    expect(runId).not.toBe('');
    // Give the history room again, then check what was recorded before the disk filled.
    mount(['-o', `remount,size=${ROOMY_SIZE}`, point]);
    const opened = await openService({ dataDir: point, transport: 'cli' });
    try {
      const { run } = await opened.service.commands['history:get']({ runId });
      const small = run.steps.find((s) => s.stepName === 'small');
      expect(small?.status).toBe('passed');
      expect(opened.store.readOutputText(small?.id ?? 0)).toContain('small step done');
      expect(['failed', 'interrupted']).toContain(
        run.steps.find((s) => s.stepName === 'flood')?.status,
      );
      expect(run.steps.some((s) => s.stepName === 'after-flood' && s.status === 'passed')).toBe(
        false,
      );
      expect(['interrupted', 'failed', 'incomplete']).toContain(run.status);
    } finally {
      await opened.close();
    }
  });
});
