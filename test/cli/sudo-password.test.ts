/**
 * A non-root administrator with sudo, at a terminal, without --yes: `runlog run` asks its own
 * question (the gate), then the step's sudo asks for the password. The keys must reach sudo after
 * the CLI's question, and the password must appear on no screen and in no file of the data
 * folder: the CLI's terminal shows only what the step's terminal shows, and sudo does not echo.
 * The test makes its own user (useradd, a sudoers entry that needs the password) and removes it.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../security/helpers.js';
import { BUILT, CLI, CliPty, tempFolder } from './cli-pty.js';

const TOOLS = ['sudo', 'useradd', 'userdel', 'chpasswd', 'runuser', 'visudo'];
const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const IS_ROOT = process.getuid?.() === 0;
const SKIP = !BUILT || !IS_ROOT || missing.length > 0;
const WHY = !BUILT
  ? ' (skipped: run "npm run build" first)'
  : !IS_ROOT
    ? ' (skipped: making a test user needs root)'
    : missing.length
      ? ` (skipped: ${missing.join(', ')} missing; .ci/run installs sudo)`
      : '';

const USER = `rlsudo${randomBytes(3).toString('hex')}`;
const PASSWORD = `Pw-${randomBytes(6).toString('hex')}-x`;
const SUDOERS = `/etc/sudoers.d/runlog-test-${USER}`;

function run(cmd: string, args: string[], input?: string): void {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

describe.skipIf(SKIP)(`a sudo password typed after the CLI's own question${WHY}`, () => {
  let folder: { dir: string; remove(): void };
  let data: string;
  let file: string;
  const asUser = ['runuser', '-u', USER, '--'];
  const env = { HOME: `/home/${USER}`, USER, LOGNAME: USER };

  beforeAll(() => {
    run('useradd', ['-m', '-s', '/bin/bash', USER]);
    run('chpasswd', [], `${USER}:${PASSWORD}\n`);
    writeFileSync(SUDOERS, `${USER} ALL=(ALL) ALL\nDefaults:${USER} lecture=never\n`, {
      mode: 0o440,
    });
    run('visudo', ['-cf', SUDOERS]);
    folder = tempFolder('runlog-sudo-');
    chmodSync(folder.dir, 0o755);
    data = join(folder.dir, 'data');
    mkdirSync(data);
    const uid = Number(spawnSync('id', ['-u', USER], { encoding: 'utf8' }).stdout);
    chownSync(data, uid, uid);
    file = join(folder.dir, 'elevate.md');
    writeFileSync(
      file,
      "# Elevate\n\n```sh { name=elevate sudo=true }\nsudo -k\nsudo -p '[sudo] password for %u: ' sh -c 'echo sudo-ok-uid=$(id -u)'\n```\n",
    );
    chmodSync(file, 0o644);
    run('runuser', ['-u', USER, '--', process.execPath, CLI, 'trust', file, '--data-dir', data]);
  });

  afterAll(() => {
    rmSync(SUDOERS, { force: true });
    spawnSync('userdel', ['-r', USER]);
    folder?.remove();
  });

  it('reaches sudo, which runs the step as root; the password is on no screen and in no file', async () => {
    const pty = new CliPty(['run', file, '--data-dir', data], { runAs: asUser, env });
    await pty.waitFor('Run it? [y]es / [n]o, leave the run open / [s]kip it with a reason:');
    pty.type('y\r');
    await pty.waitFor(`[sudo] password for ${USER}:`);
    pty.type(`${PASSWORD}\r`);
    await pty.waitFor('sudo-ok-uid=0');
    expect(await pty.exitCode()).toBe(0);
    expect(pty.screen()).toContain('── elevate: passed');
    expect(pty.raw()).not.toContain(PASSWORD);
    expect(pty.screen()).not.toContain(PASSWORD);
    expect(filesContaining(data, PASSWORD)).toEqual([]);
    expect(filesContaining(folder.dir, PASSWORD)).toEqual([]);
  });
});
