/**
 * What the built `runlog` loads to answer: `--help` nothing beyond its own code, `list` and `show`
 * the library and the history file but never the engine's pty, the terminal interpreter or the
 * PDF printer. Read from the CommonJS modules the process had loaded when it exited (the native
 * add-ons and the packages around them are all CommonJS).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT, CLI, ROOT } from './cli-pty.js';

const PRELOAD = join(ROOT, 'test', 'fixtures', 'cli', 'loaded-modules.cjs');
const dir = mkdtempSync(join(tmpdir(), 'runlog-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packages whose modules the command loaded. */
function packagesLoadedBy(args: string[]): Promise<Set<string>> {
  const out = join(dir, `${args[0]}.json`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--require', PRELOAD, CLI, ...args, '--data-dir', join(dir, 'data')],
      { env: { ...process.env, LOADED_MODULES_OUT: out } },
      (error, _stdout, stderr) => {
        if (error && error.code !== 0) return reject(new Error(`${args.join(' ')}: ${stderr}`));
        const files = JSON.parse(readFileSync(out, 'utf8')) as string[];
        const names = files
          .map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1])
          .filter((n): n is string => n !== undefined);
        resolve(new Set(names));
      },
    );
  });
}

const NEVER = ['@lydell/node-pty', '@xterm/headless', '@xterm/addon-serialize', 'playwright-core'];

describe.skipIf(!BUILT)('what runlog loads to start', () => {
  it('--help loads no package at all', async () => {
    expect([...(await packagesLoadedBy(['--help']))]).toEqual([]);
  });

  it.each([['list'], ['show', 'wireless-capture']])(
    '%s reads the library and the history, and loads no engine, terminal or printer code',
    async (...args) => {
      const loaded = await packagesLoadedBy(args);
      expect(loaded.has('better-sqlite3')).toBe(true);
      for (const name of NEVER) expect(loaded.has(name), name).toBe(false);
    },
  );
});
