import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, sqliteBinding } from '../../../src-main/core/history/sqlite-open.js';

const PACKAGED = '/opt/Runlog/resources/app.asar/out/main';
const EVIL = { RUNLOG_SQLITE_BINDING: '/tmp/evil/better_sqlite3.node' };
const at = (
  codeDir: string,
  production: boolean,
  electron = false,
  env: NodeJS.ProcessEnv = EVIL,
) => ({
  codeDir,
  env,
  production,
  electron,
});

describe('where the SQLite native module comes from', () => {
  it('attack: the packaged app takes it only from its own resources, whatever the environment says', () => {
    for (const production of [true, false]) {
      for (const electron of [true, false]) {
        expect(sqliteBinding(at(PACKAGED, production, electron))).toBe(
          '/opt/Runlog/resources/native/better_sqlite3.node',
        );
      }
    }
  });

  it('attack: another built door (the installed CLI) ignores RUNLOG_SQLITE_BINDING', () => {
    expect(sqliteBinding(at('/usr/lib/node_modules/runlog/out/main', true))).toBeUndefined();
  });

  it('from source (the tests) RUNLOG_SQLITE_BINDING is honoured, and nothing is used without it', () => {
    expect(sqliteBinding(at('/src/runlog/src-main/core/history', false))).toBe(
      EVIL.RUNLOG_SQLITE_BINDING,
    );
    expect(
      sqliteBinding(at('/src/runlog/src-main/core/history', false, false, {})),
    ).toBeUndefined();
  });

  it('attack: Electron started from a checkout takes the checkout’s Electron build, never the environment', () => {
    const checkout = mkdtempSync(join(tmpdir(), 'runlog-checkout-'));
    try {
      const code = join(checkout, 'out', 'main');
      expect(sqliteBinding(at(code, true, true))).toBeUndefined();
      const binary = join(checkout, 'build', 'native', 'electron', 'better_sqlite3.node');
      mkdirSync(join(binary, '..'), { recursive: true });
      writeFileSync(binary, '');
      expect(sqliteBinding(at(code, true, true))).toBe(binary);
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });
});

describe('the override from source', () => {
  const saved = process.env.RUNLOG_SQLITE_BINDING;
  let dir: string | undefined;
  afterEach(() => {
    if (saved === undefined) delete process.env.RUNLOG_SQLITE_BINDING;
    else process.env.RUNLOG_SQLITE_BINDING = saved;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('really reaches better-sqlite3 (so ignoring it in the build is what keeps a module out)', () => {
    dir = mkdtempSync(join(tmpdir(), 'runlog-binding-'));
    const missing = join(dir, 'not-a-module.node');
    process.env.RUNLOG_SQLITE_BINDING = missing;
    expect(() => openDatabase(join(dir!, 'history.sqlite'))).toThrow(/not-a-module\.node/);
  });
});
