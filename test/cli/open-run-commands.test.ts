/**
 * Finishing open runs from the command line: `runlog trust` with the hash reviewed, a run the app
 * (the browser host's door) started and whose process died, resumed by `runlog resume`; a run a
 * live `runlog run` holds, refused to another command with its holder named; `runlog finish`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openService } from '../../src-main/api/open-service.js';
import { HistoryStore } from '../../src-main/core/history/index.js';
import { filesContaining } from '../security/helpers.js';
import { BUILT, CLI, CliPty, tempFolder } from './cli-pty.js';

let folder: { dir: string; remove(): void };
let data: string;
let file: string;
beforeEach(() => {
  folder = tempFolder('runlog-open-');
  data = join(folder.dir, 'data');
  mkdirSync(join(folder.dir, 'books'));
  file = join(folder.dir, 'books', 'two-steps.md');
  writeFileSync(
    file,
    '# Two steps\n\n```sh { name=one }\necho one-ok\n```\n\n- [ ] Was it checked?\n\n```sh { name=two }\necho two-ok\n```\n',
  );
});
afterEach(() => folder.remove());

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', data], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runOf(id: string) {
  const store = HistoryStore.open(join(data, 'history.sqlite'), { readonly: true });
  try {
    return store.getRun(id)!;
  } finally {
    store.close();
  }
}

describe.skipIf(!BUILT)('runlog trust', () => {
  it('trusts the file in its current content, and refuses when it differs from the hash reviewed (exit 2)', () => {
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    const wrong = cli('trust', file, '--sha256', 'a'.repeat(64));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`has SHA-256 ${sha}`);
    const ok = cli('trust', file, '--sha256', sha, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ file, sha256: sha, trusted: true, bundled: false });
  });
});

describe.skipIf(!BUILT)('finishing an open run from the command line', () => {
  it('resumes a run the app started and whose process went away, and walks it to the end (exit 0)', async () => {
    cli('trust', file);
    const app = await openService({
      dataDir: data,
      runbookDirs: [join(folder.dir, 'books')],
      transport: 'websocket',
    });
    const { runId } = await app.service.commands['run:start']({
      runbookId: 'two-steps',
      params: {},
    });
    await app.service.commands['run:step']({ runId, step: 'one' });
    await app.close();

    const resumed = cli('resume', runId, '--attest', 'was-it-checked', '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ runId, status: 'passed', open: false });
    const run = runOf(runId);
    expect(run.steps.map((s) => [s.stepName, s.status, s.attempts.length])).toEqual([
      ['one', 'passed', 1],
      ['was-it-checked', 'done', 1],
      ['two', 'passed', 1],
    ]);
    expect(run.events.map((e) => e.type)).toContain('run-resumed');
    expect(cli('resume', runId).code).toBe(2);
  });

  it('refuses a run a live runlog run holds, naming it; runlog finish ends a run left open (exit 3)', async () => {
    cli('trust', file);
    const pty = new CliPty(['run', file, '--data-dir', data]);
    await pty.waitFor('Done? [y]es');
    const runId = /runlog: run (\S+)/.exec(pty.screen())![1]!;
    const refused = cli('attest', runId, 'was-it-checked', '--done');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is open in a runlog command \(pid \d+ on /);
    pty.type('l\r');
    expect(await pty.exitCode()).toBe(3);
    expect(runOf(runId).status).toBe('open');

    const finished = cli('finish', runId);
    expect(finished.code).toBe(3);
    expect(finished.stderr).toContain(`run ${runId} incomplete`);
    expect(finished.stderr).toContain('pending: was-it-checked');
    expect(runOf(runId).status).toBe('incomplete');
    expect(cli('attest', runId, 'was-it-checked', '--done').code).toBe(2);
  });
});

describe.skipIf(!BUILT)('a resumed run and its secret parameters', () => {
  it('asks for the secret again without showing it, and stores it nowhere', async () => {
    const secret = `tok-${Date.now()}-QZ`;
    const book = join(folder.dir, 'books', 'secret.md');
    writeFileSync(
      book,
      '---\nparams:\n  TOKEN: { secret: true, required: true }\n---\n# Secret\n\n```sh { name=wait }\nif [ -f marker ]; then echo "token length ${#TOKEN}"; else touch marker; echo waiting; sleep 60; fi\n```\n',
    );
    cli('trust', book);
    const first = new CliPty(['run', book, '--param', `TOKEN=${secret}`, '--data-dir', data]);
    await first.waitFor('waiting');
    first.type('\x03');
    await first.waitFor('Stopping');
    first.type('\x03');
    expect(await first.exitCode()).toBe(3);
    const runId = /runlog: run (\S+)/.exec(first.screen())![1]!;

    const resumed = new CliPty(['resume', runId, '--data-dir', data]);
    await resumed.waitFor('TOKEN (secret, not shown):');
    resumed.type(`${secret}\r`);
    await resumed.waitFor(`token length ${secret.length}`);
    expect(await resumed.exitCode()).toBe(0);
    expect(resumed.raw()).not.toContain(secret);
    expect(filesContaining(data, secret)).toEqual([]);
    expect(runOf(runId).status).toBe('passed');
  });
});

describe.skipIf(!BUILT)('a run whose runlog process was killed', () => {
  it('is interrupted, its step is not left running, and runlog resume walks it to the end keeping the cut attempt', async () => {
    const book = join(folder.dir, 'books', 'cut.md');
    // A sleep with a length no other process uses, to find it if it outlived its run.
    const sleeper = `sleep 59.${process.pid}`;
    writeFileSync(
      book,
      `# Cut\n\n\`\`\`sh { name=wait }\nif [ -f marker ]; then echo second-ok; else touch marker; echo waiting; ${sleeper}; fi\n\`\`\`\n\n\`\`\`sh { name=after }\necho after-ok\n\`\`\`\n`,
    );
    cli('trust', book);
    const first = new CliPty(['run', book, '--yes', '--data-dir', data]);
    await first.waitFor('waiting');
    const runId = /runlog: run (\S+)/.exec(first.screen())![1]!;
    process.kill(first.session.pid, 'SIGKILL');
    await first.done;

    // The engine sees its parent gone and stops the step's whole session.
    const gone = Date.now() + 20_000;
    while (spawnSync('pgrep', ['-f', sleeper]).status === 0 && Date.now() < gone)
      await new Promise((r) => setTimeout(r, 100));
    expect(spawnSync('pgrep', ['-f', sleeper]).status, `${sleeper} still runs`).toBe(1);

    // Once the engine, which still held the run while it stopped the step, has gone too, any
    // runlog command that opens the history finds the run interrupted.
    const status = () =>
      (JSON.parse(cli('history', '--json').stdout) as { runs: Array<{ status: string }> }).runs[0]
        ?.status;
    while (status() === 'open' && Date.now() < gone) await new Promise((r) => setTimeout(r, 200));
    expect(runOf(runId).status).toBe('interrupted');

    const resumed = cli('resume', runId, '--yes', '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ runId, status: 'passed', open: false });
    const run = runOf(runId);
    const wait = run.steps.find((s) => s.stepName === 'wait')!;
    expect(wait.attempts.map((a) => a.status)).toEqual([
      expect.not.stringMatching(/^passed$/),
      'passed',
    ]);
    expect(run.steps.find((s) => s.stepName === 'after')?.status).toBe('passed');
  });
});
