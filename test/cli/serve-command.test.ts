/**
 * `runlog serve` as an operator starts it (the built CLI): the address it prints, `--open`
 * without the token in any process's arguments, the port kept across restarts, Ctrl-C.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { handshakeProtocols } from '../../src-main/host/handshake.js';
import { eventually, fakeOpener, openSocket } from '../host/host-helpers.js';
import { CLI, startServe, stopServe, type Host } from '../host/serve-process.js';

let dir: string;
let dataDir: string;
const started: Host[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runlog-serve-'));
  dataDir = join(dir, 'data');
});

afterEach(async () => {
  for (const host of started.splice(0)) await stopServe(host, false);
  rmSync(dir, { recursive: true, force: true });
});

async function serve(args: string[], env: NodeJS.ProcessEnv = process.env, port = 0) {
  const host = await startServe(args, dataDir, { e2eRunbooks: false, env, port });
  started.push(host);
  return host;
}

function exitOf(host: Host): Promise<number | null> {
  if (host.process.exitCode !== null) return Promise.resolve(host.process.exitCode);
  return new Promise((resolve) => host.process.once('exit', (code) => resolve(code)));
}

/** Every process's arguments and (where readable) environment, from /proc. */
function everyProcessText(): string {
  let text = '';
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    for (const part of ['cmdline', 'environ']) {
      try {
        text += readFileSync(`/proc/${pid}/${part}`, 'latin1').replace(/\0/g, ' ') + '\n';
      } catch {
        // gone, or not ours to read
      }
    }
  }
  return text;
}

describe('runlog serve', () => {
  it('prints the address with the token in the fragment, and how to keep the port', async () => {
    const host = await serve([]);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.output()).toContain(`runlog serve --port ${host.port}`);
    expect(host.output()).not.toContain('?token=');
  });

  it('attack: `ps` during `serve --open` shows the token in no process; the page connects, the redirect file goes, Ctrl-C ends it', async () => {
    const opener = fakeOpener(dir, 0, 3);
    const env = { ...process.env, PATH: `${opener.bin}:${process.env.PATH}` };
    const host = await serve(['--open'], env);
    await eventually(() => existsSync(opener.log), 'the opener ran');
    const file = readFileSync(opener.log, 'utf8').trim();
    const ps = execFileSync('ps', ['-eo', 'pid,args', '-ww']).toString();
    expect(ps, 'ps ran while the opener was alive').toContain(file);
    expect(ps).not.toContain(host.token);
    expect(everyProcessText()).not.toContain(host.token);

    expect(dirname(file)).toBe(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(`url=${host.url}"`);

    const ws = await openSocket(host.port, { protocols: handshakeProtocols(host.token) });
    await eventually(
      () => !existsSync(file),
      'the redirect file was removed once the page connected',
    );
    ws.close();

    host.process.kill('SIGINT');
    expect(await exitOf(host)).toBe(0);
    expect(readdirSync(dataDir).filter((f) => f.startsWith('open-'))).toEqual([]);
  });

  it('`--open` on a machine without a browser says so, keeps the printed address, and leaves no file', async () => {
    const env = { ...process.env, PATH: join(dir, 'empty') };
    const host = await serve(['--open'], env);
    await eventually(() => host.output().includes('Could not open a browser'), 'the notice');
    expect(host.output()).toContain('xdg-open is not installed');
    expect(host.output()).toContain('open the address above in a browser on this machine');
    await eventually(
      () => readdirSync(dataDir).every((f) => !f.startsWith('open-')),
      'the redirect file was removed',
    );
  });

  it('`--port N` keeps the port across a restart (with a new token), and refuses a port in use', async () => {
    const first = await serve([]);
    const port = first.port;
    const busy = spawnSync(
      process.execPath,
      [CLI, 'serve', '--data-dir', join(dir, 'other'), '--port', String(port)],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);

    first.process.kill('SIGINT');
    expect(await exitOf(first)).toBe(0);
    const again = await serve([], process.env, port);
    expect(again.port).toBe(port);
    expect(again.token).not.toBe(first.token);
    expect(again.output()).not.toContain('To keep this port');
    await expect(
      openSocket(port, { protocols: handshakeProtocols(first.token) }),
      "the old page's token does not open the new host",
    ).rejects.toThrow(/HTTP 403/);
  });
});
