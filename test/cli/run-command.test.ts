/**
 * `runlog run` on a real pty, as an operator at a terminal: the trust question, the checklist and
 * config questions in order, Ctrl-C once (the step stops like the UI's Stop) and twice (the run is
 * left open) and `runlog resume`, the exit codes, and styling only on a terminal.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../src-main/core/history/index.js';
import { BUILT, CLI, CliPty, tempFolder } from './cli-pty.js';

let folder: { dir: string; remove(): void };
let books: string;
let data: string;
beforeEach(() => {
  folder = tempFolder('runlog-cli-');
  books = join(folder.dir, 'books');
  data = join(folder.dir, 'data');
  spawnSync('mkdir', ['-p', books]);
});
afterEach(() => folder.remove());

function book(name: string, text: string): string {
  const file = join(books, `${name}.md`);
  writeFileSync(file, text);
  return file;
}

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', data], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function history() {
  const store = HistoryStore.open(join(data, 'history.sqlite'), { readonly: true });
  try {
    return store.listRuns({}).runs.map((r) => store.getRun(r.id)!);
  } finally {
    store.close();
  }
}

const WALK = `# Walk

\`\`\`sh { name=probe expect=fail }
echo probe-fails-as-expected; exit 1
\`\`\`

- [ ] Is the change window approved?

\`\`\`cisco { name=apply device=required }
interface $IFACE
\`\`\`

- [ ] Is a second console open? (optional)

\`\`\`sh { name=after }
echo after-ok
\`\`\`
`;
const PARAMS = `---\nparams:\n  IFACE: { default: Gi0/3 }\n---\n`;

describe.skipIf(!BUILT)('runlog run on a terminal', () => {
  it('shows an untrusted file’s SHA-256 and asks; "no" runs nothing (exit 2), "yes" trusts and runs', async () => {
    const file = book('plain', '# Plain\n\n```sh { name=one }\necho one-ran\n```\n');
    const sha = spawnSync('sha256sum', [file], { encoding: 'utf8' }).stdout.split(' ')[0]!;
    const refused = new CliPty(['run', file, '--data-dir', data]);
    await refused.waitFor(`SHA-256 ${sha}`);
    await refused.waitFor('Trust this exact version and run it? [y/N]');
    refused.type('n\r');
    expect(await refused.exitCode()).toBe(2);
    expect(refused.screen()).toContain('was not trusted; nothing was run');
    expect(history()).toEqual([]);

    const accepted = new CliPty(['run', file, '--data-dir', data]);
    await accepted.waitFor('Trust this exact version and run it? [y/N]');
    accepted.type('y\r');
    expect(await accepted.exitCode()).toBe(0);
    expect(accepted.screen()).toContain('one-ran');
    expect(cli(['run', file]).code).toBe(0);
  });

  it('asks the checklist and config steps in order, with note and device, and ends passed (exit 0)', async () => {
    const file = book('walk', PARAMS + WALK);
    expect(cli(['trust', file]).code).toBe(0);
    const pty = new CliPty(['run', file, '--data-dir', data]);
    await pty.waitFor('Checklist: is-the-change-window-approved');
    const q1 = await pty.waitFor('Done? [y]es / [n]ot done / [s]kip it with a reason / [l]ater:');
    expect(pty.screen().slice(0, q1)).toContain('probe-fails-as-expected');
    expect(pty.screen().slice(0, q1)).not.toContain('after-ok');
    pty.type('y\r');
    await pty.waitFor('Note (Enter for none):', q1);
    pty.type('approved by CAB-12\r');
    const q2 = await pty.waitFor('Configuration to apply on the device: apply', q1);
    expect(pty.screen().slice(q2)).toContain('interface Gi0/3');
    await pty.waitFor('Applied? [y]es', q2);
    pty.type('y\r');
    await pty.waitFor('Device:', q2);
    pty.type('\r');
    await pty.waitFor('Device:', (await pty.waitFor('Device:', q2)) + 1);
    pty.type('edge-rtr-02\r');
    await pty.waitFor('Note (Enter for none):', q2);
    pty.type('\r');
    const q3 = await pty.waitFor('Checklist: is-a-second-console-open-optional (optional)', q2);
    await pty.waitFor('[l]ater:', q3);
    pty.type('\r');
    expect(await pty.exitCode()).toBe(0);
    const [run] = history();
    expect(run!.status).toBe('passed');
    const by = Object.fromEntries(run!.steps.map((s) => [s.stepName, s]));
    expect(by['is-the-change-window-approved']!.attestation).toMatchObject({
      done: true,
      note: 'approved by CAB-12',
    });
    expect(by.apply!).toMatchObject({
      text: 'interface Gi0/3',
      attestation: { device: 'edge-rtr-02' },
    });
    expect(by.probe!).toMatchObject({ status: 'passed', flag: 'failed-as-expected' });
    expect(by['is-a-second-console-open-optional']!.status).toBe('pending');
  });

  it('stops the running step on one Ctrl-C (artifacts hashed, "stopped"), then finishes when asked (exit 3)', async () => {
    const file = book(
      'slow',
      '# Slow\n\n```sh { name=slow artifacts=part.txt }\necho started; echo partial > part.txt; sleep 60\n```\n\n```sh { name=next }\necho next\n```\n',
    );
    cli(['trust', file]);
    const pty = new CliPty(['run', file, '--data-dir', data]);
    await pty.waitFor('started');
    pty.type('\x03');
    const at = await pty.waitFor('Stopping');
    await pty.waitFor('── slow: stopped', at);
    await pty.waitFor('Step slow was stopped.', at);
    await new Promise((r) => setTimeout(r, 2_100));
    pty.type('f\r');
    expect(await pty.exitCode()).toBe(3);
    const [run] = history();
    expect(run!.status).toBe('incomplete');
    const slow = run!.steps[0]!;
    expect(slow.status).toBe('stopped');
    expect(slow.artifacts).toEqual([expect.objectContaining({ path: 'part.txt', size: 8 })]);
    expect(run!.steps[1]!.status).toBe('pending');
  });

  it('leaves the run open on a second Ctrl-C within 2 s; runlog resume continues it to the end', async () => {
    const file = book(
      'resumable',
      '# Resumable\n\n```sh { name=one }\necho one-done\n```\n\n```sh { name=wait }\nif [ -f marker ]; then echo resumed-ok; else touch marker; echo waiting; sleep 60; fi\n```\n\n- [ ] Did it work?\n',
    );
    cli(['trust', file]);
    const pty = new CliPty(['run', file, '--data-dir', data]);
    await pty.waitFor('waiting');
    pty.type('\x03');
    await pty.waitFor('Stopping');
    pty.type('\x03');
    expect(await pty.exitCode()).toBe(3);
    expect(pty.screen()).toContain('is left open');
    const [open] = history();
    expect(open!.status).toBe('open');
    expect(pty.screen()).toContain(`runlog resume ${open!.id}`);

    const resumed = new CliPty(['resume', open!.id, '--data-dir', data]);
    await resumed.waitFor('resumed-ok');
    await resumed.waitFor('Done? [y]es');
    resumed.type('y\r');
    await resumed.waitFor('Note (Enter for none):');
    resumed.type('\r');
    expect(await resumed.exitCode()).toBe(0);
    const [done] = history();
    expect(done!.status).toBe('passed');
    const wait = done!.steps.find((s) => s.stepName === 'wait')!;
    expect(wait.attempts.map((a) => a.status)).toEqual(['stopped', 'passed']);
    expect(resumed.screen()).not.toContain('one-done');
  });

  it('styles its own lines only on a terminal, and not at all with NO_COLOR', async () => {
    const file = book('plain2', '# Plain\n\n```sh { name=one }\necho plain-output\n```\n');
    cli(['trust', file]);
    const styled = new CliPty(['run', file, '--data-dir', data]);
    expect(await styled.exitCode()).toBe(0);
    expect(styled.raw()).toContain('\x1b[1m── one:');
    const plain = new CliPty(['run', file, '--data-dir', data], { env: { NO_COLOR: '1' } });
    expect(await plain.exitCode()).toBe(0);
    expect(plain.raw()).toContain('── one: passed');
    expect(plain.raw()).not.toContain('\x1b[');
    const piped = cli(['run', file]);
    expect(piped.stderr).toContain('── one: passed');
    expect(piped.stderr).not.toContain('\x1b[');
  });
});

describe.skipIf(!BUILT)('runlog run without a terminal', () => {
  it('exits 2 for an untrusted file, naming the runlog trust command, and records nothing', () => {
    const file = book('untrusted', '# U\n\n```sh { name=one }\necho one\n```\n');
    const r = cli(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`runlog trust ${file}`);
    expect(history()).toEqual([]);
  });

  it('refuses unknown step names in --attest, --skip and --step before anything is recorded (exit 2)', () => {
    const file = book('walk', PARAMS + WALK);
    cli(['trust', file]);
    for (const args of [
      ['--attest', 'nosuch'],
      ['--skip', 'nosuch=x'],
      ['--step', 'nosuch'],
      ['--attest', 'probe'],
      ['--attest', 'apply=done'],
    ]) {
      const r = cli(['run', file, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(history()).toEqual([]);
  });

  it('records --attest answers when their step’s turn comes, and leaves required steps pending open (exit 3)', () => {
    const file = book('walk', PARAMS + WALK);
    cli(['trust', file]);
    const r = cli([
      'run',
      file,
      '--attest',
      'apply',
      '--device',
      'apply=fw-1',
      '--note',
      'apply=pasted',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(3);
    const result = JSON.parse(r.stdout) as { runId: string; status: string; open: boolean };
    expect(result).toMatchObject({ status: 'open', open: true });
    const [run] = history();
    const order = run!.events
      .filter((e) => ['step-started', 'attested'].includes(e.type) || e.type === 'run-left-open')
      .map((e) => e.type);
    expect(order).toContain('attested');
    const attempts = run!.steps.flatMap((s) => s.attempts).sort((a, b) => a.id - b.id);
    expect(attempts.map((a) => a.stepName)).toEqual(['probe', 'apply', 'after']);
    expect(run!.steps.find((s) => s.stepName === 'apply')!.attestation).toMatchObject({
      device: 'fw-1',
      note: 'pasted',
    });
    // runlog attest answers the step left, and the run finishes passed.
    const answered = cli([
      'attest',
      result.runId,
      'is-the-change-window-approved',
      '--done',
      '--finish',
    ]);
    expect(answered.code, answered.stderr).toBe(0);
    expect(history()[0]!.status).toBe('passed');
  });

  it('documents every option of runlog run in --help', () => {
    const r = cli(['run', '--help']);
    expect(r.code).toBe(0);
    for (const option of [
      '--param',
      '--step',
      '--yes',
      '--keep-going',
      '--attest',
      '--note',
      '--device',
      '--skip',
      '--finish',
      '--json',
      '--data-dir',
      '--runbooks',
    ])
      expect(r.stdout).toContain(option);
    expect(r.stdout).toMatch(/Exit status: 0 .* 1 failed, 2 bad input, 3 incomplete or left open/);
  });
});
