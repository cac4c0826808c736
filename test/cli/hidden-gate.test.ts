/**
 * `runlog run` and a step whose text hides characters: on a terminal it asks first, showing the
 * text with the characters escaped and naming each one (the character itself never reaches the
 * screen); without a terminal it runs only with --yes, else leaves the run open (exit 3).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../src-main/core/history/index.js';
import { BUILT, CLI, CliPty, tempFolder } from './cli-pty.js';

let folder: { dir: string; remove(): void };
let data: string;
let file: string;
beforeEach(() => {
  folder = tempFolder('runlog-cli-hidden-');
  data = join(folder.dir, 'data');
  mkdirSync(join(folder.dir, 'books'));
  file = join(folder.dir, 'books', 'hidden.md');
  writeFileSync(
    file,
    '# Hidden\n\n```sh { name=plain }\necho plain-ok\n```\n\n```sh { name=tricky }\necho hidden-ok # \u202e txet\n```\n',
  );
});
afterEach(() => folder.remove());

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', data], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Each step's latest status in the only run of the history. */
function statuses(): Record<string, string> {
  const store = HistoryStore.open(join(data, 'history.sqlite'), { readonly: true });
  try {
    const [summary] = store.listRuns({}).runs;
    const run = store.getRun(summary!.id)!;
    return Object.fromEntries(run.steps.map((s) => [s.stepName, s.status]));
  } finally {
    store.close();
  }
}

describe.skipIf(!BUILT)('runlog run and hidden characters', () => {
  it('asks on a terminal, naming the character escaped; "no" leaves the run open (exit 3)', async () => {
    expect(cli(['trust', file]).code).toBe(0);
    const pty = new CliPty(['run', file, '--data-dir', data]);
    const at = await pty.waitFor('Step tricky holds characters that do not show on screen');
    const asked = pty.screen().slice(at);
    expect(asked).toContain('\\u202e');
    expect(asked).toContain('Hidden: U+202E right-to-left override at line 1, column 18');
    expect(pty.screen().slice(0, at)).toContain('plain-ok');
    await pty.waitFor('Run it? [y]es', at);
    pty.type('n\r');
    expect(await pty.exitCode()).toBe(3);
    expect(pty.raw()).not.toContain('\u202e');
    expect(pty.screen()).not.toMatch(/^hidden-ok\s*$/m);
    expect(statuses()).toEqual({ plain: 'passed', tricky: 'pending' });
  });

  it('answered yes on a terminal, the step runs and the run ends passed', async () => {
    cli(['trust', file]);
    const pty = new CliPty(['run', file, '--data-dir', data]);
    const at = await pty.waitFor('Step tricky holds characters');
    await pty.waitFor('Run it? [y]es', at);
    pty.type('y\r');
    expect(await pty.exitCode()).toBe(0);
    expect(pty.screen().slice(at)).toMatch(/^hidden-ok\s*$/m);
    expect(statuses()).toEqual({ plain: 'passed', tricky: 'passed' });
  });

  it('without a terminal, runs it only with --yes', () => {
    cli(['trust', file]);
    const refused = cli(['run', file]);
    expect(refused.code).toBe(3);
    expect(refused.stdout + refused.stderr).toContain('step tricky needs confirmation');
    expect(statuses()).toEqual({ plain: 'passed', tricky: 'pending' });
    const yes = cli(['run', file, '--yes']);
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/^hidden-ok\s*$/m);
  });
});
