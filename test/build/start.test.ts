/**
 * `npm start` (build/start.mjs): where the Electron binary is missing it opens the same app
 * through the browser host — a note saying why, the address printed, the browser handed a
 * redirect file and never the token — and Ctrl-C ends everything cleanly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary, startPlan } from '../../build/app-launch.mjs';
import { handshakeProtocols } from '../../src-main/host/handshake.js';
import { eventually, fakeOpener, openSocket } from '../host/host-helpers.js';
import { ROOT, SERVE_ADDRESS } from '../host/serve-process.js';
import { built, unmet } from '../needs.js';

const BUILD_MISSING = unmet(built());
/** Where this machine has Electron, the browser path is asked for; elsewhere it is the default. */
const BROWSER_ARGS = electronBinary(ROOT) ? ['--no-build', '--browser'] : ['--no-build'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runlog-start-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A checkout layout with or without an installed Electron binary. */
function fakeCheckout(withBinary: boolean): string {
  const root = join(dir, 'checkout');
  const electron = join(root, 'node_modules', 'electron');
  mkdirSync(join(electron, 'dist'), { recursive: true });
  writeFileSync(join(electron, 'path.txt'), 'electron');
  if (withBinary) writeFileSync(join(electron, 'dist', 'electron'), '');
  return root;
}

describe('what npm start opens', () => {
  it('the desktop app where the Electron binary is installed', () => {
    const root = fakeCheckout(true);
    expect(startPlan(root, [])).toEqual({
      mode: 'electron',
      binary: join(root, 'node_modules', 'electron', 'dist', 'electron'),
    });
  });

  it('the browser host, saying why, where the binary is missing (its download skipped)', () => {
    const plan = startPlan(fakeCheckout(false), []);
    expect(plan.mode).toBe('browser');
    expect(plan.mode === 'browser' && plan.why).toMatch(
      /^Runlog: the Electron binary is not installed here .* opens in your browser instead\.$/,
    );
    expect(startPlan(join(dir, 'no-electron-at-all'), []).mode).toBe('browser');
  });

  it('the browser host when asked with --browser, even where Electron is installed', () => {
    expect(startPlan(fakeCheckout(true), ['--browser'])).toEqual({
      mode: 'browser',
      why: 'Runlog opens in your browser, as --browser asks.',
    });
  });
});

function start(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [join(ROOT, 'build', 'start.mjs'), ...BROWSER_ARGS], {
    env: { ...env, RUNLOG_DATA_DIR: join(dir, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, as a terminal gives it
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Pids of the group's processes still alive (zombies count as gone). */
function aliveInGroup(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return fields[0] !== 'Z' && Number(fields[2]) === pgid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.skipIf(BUILD_MISSING !== undefined)(
  `npm start without Electron${BUILD_MISSING ? ` (skipped: ${BUILD_MISSING})` : ''}`,
  () => {
    it('opens the browser host in the default browser through a redirect file, prints the address, and Ctrl-C ends it all', async () => {
      const opener = fakeOpener(dir, 0, 2);
      const started = start({ ...process.env, PATH: `${opener.bin}:${process.env.PATH}` });
      const pgid = started.child.pid as number;
      try {
        await eventually(
          () => SERVE_ADDRESS.test(started.output()) && existsSync(opener.log),
          'the address and the opener',
        );
        const url = new URL((SERVE_ADDRESS.exec(started.output()) as RegExpExecArray)[1] as string);
        const token = url.hash.slice('#token='.length);
        if (!BROWSER_ARGS.includes('--browser'))
          expect(started.output()).toContain('the Electron binary is not installed here');
        const file = readFileSync(opener.log, 'utf8').trim();
        expect(file.startsWith(join(dir, 'data'))).toBe(true);
        expect(readFileSync(file, 'utf8')).toContain(`url=${url.href}"`);
        for (const pid of aliveInGroup(pgid)) {
          expect(readFileSync(`/proc/${pid}/cmdline`, 'latin1')).not.toContain(token);
        }
        const ws = await openSocket(Number(url.port), { protocols: handshakeProtocols(token) });
        await eventually(
          () => !existsSync(file),
          'the redirect file removed once the page connected',
        );
        ws.close();

        process.kill(-pgid, 'SIGINT'); // Ctrl-C in a terminal: the whole group
        expect(await exitOf(started.child)).toBe(0);
        await eventually(() => aliveInGroup(pgid).length === 0, 'no process of npm start left');
      } finally {
        for (const pid of aliveInGroup(pgid)) process.kill(pid, 'SIGKILL');
      }
    });

    it('on a machine without a browser it says so and leaves the printed address to open by hand; SIGTERM to it alone ends it', async () => {
      const started = start({ ...process.env, PATH: join(dir, 'no-programs') });
      const pgid = started.child.pid as number;
      try {
        await eventually(() => started.output().includes('Could not open a browser'), 'the notice');
        expect(started.output()).toMatch(SERVE_ADDRESS);
        expect(started.output()).toContain('open the address above in a browser on this machine');
        started.child.kill('SIGTERM');
        expect(await exitOf(started.child)).toBe(0);
        await eventually(() => aliveInGroup(pgid).length === 0, 'no process of npm start left');
      } finally {
        for (const pid of aliveInGroup(pgid)) process.kill(pid, 'SIGKILL');
      }
    });
  },
);
