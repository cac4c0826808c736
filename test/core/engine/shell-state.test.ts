import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectState, wrapperScript } from '../../../src-main/core/engine/shell-state.js';
import { CARRIED_FILE, sweepEngineState } from '../../../src-main/core/engine/engine-state.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-shell-state-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the carry-over wrapper and secrets', () => {
  it('never writes a secret parameter into the state file, and does not carry it as unset', () => {
    const script = path.join(dir, 'step.sh');
    fs.writeFileSync(script, 'export NEXT=ok\n');
    const files = { envFile: path.join(dir, 'step.env'), cwdFile: path.join(dir, 'step.cwd') };
    const wrapper = path.join(dir, 'run.sh');
    fs.writeFileSync(wrapper, wrapperScript({ script, ...files, secretNames: ['TOKEN'] }));
    const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', TOKEN: 'Sekr3t-Value' };
    execFileSync('bash', [wrapper], { env: base });
    expect(fs.readFileSync(files.envFile, 'utf8')).not.toContain('Sekr3t-Value');
    expect(fs.statSync(files.envFile).mode & 0o077).toBe(0);
    const carried = collectState(base, files, ['TOKEN']);
    expect(carried?.set).toMatchObject({ NEXT: 'ok' });
    expect(carried?.unset).not.toContain('TOKEN');
    expect(fs.existsSync(files.envFile)).toBe(false);
  });
});

describe('sweepEngineState', () => {
  it('removes the state folders of runs that are not open, and keeps the open ones', () => {
    const root = path.join(dir, 'data', 'engine-state');
    for (const run of ['open-run', 'dead-run']) {
      fs.mkdirSync(path.join(root, run), { recursive: true });
      fs.writeFileSync(path.join(root, run, 'step-001.env'), 'X=1\0');
    }
    const removed = sweepEngineState(path.join(dir, 'data'), (id) =>
      id === 'open-run' ? 'open' : 'gone',
    );
    expect(removed).toEqual(['dead-run']);
    expect(fs.readdirSync(root)).toEqual(['open-run']);
  });

  it('keeps only the exported variables of an interrupted run, for its resume', () => {
    const root = path.join(dir, 'data', 'engine-state');
    const folder = path.join(root, 'interrupted-run');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'step-003.env'), 'TOKEN=s3cret-value\0');
    fs.writeFileSync(path.join(folder, 'step-003.sh'), 'echo hi');
    fs.writeFileSync(path.join(folder, CARRIED_FILE), '{"set":{"IP":"10.0.0.1"},"unset":[]}');
    const removed = sweepEngineState(path.join(dir, 'data'), (id) =>
      id === 'interrupted-run' ? 'resumable' : 'open',
    );
    expect(removed).toEqual(['interrupted-run']);
    expect(fs.readdirSync(folder)).toEqual([CARRIED_FILE]);
  });
});
