import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, sqliteBinding } from '../../../src-main/core/history/sqlite-open.js';

const PACKAGED = '/opt/Runlog/resources/app.asar/out/main';
const EVIL = { RUNLOG_SQLITE_BINDING: '/tmp/evil/better_sqlite3.node' };

describe('where the SQLite native module comes from', () => {
  it('attack: the packaged app takes it only from its own resources, whatever the environment says', () => {
    for (const production of [true, false]) {
      expect(sqliteBinding(PACKAGED, EVIL, production)).toBe(
        '/opt/Runlog/resources/native/better_sqlite3.node',
      );
    }
  });

  it('attack: another built door (the installed CLI) ignores RUNLOG_SQLITE_BINDING', () => {
    expect(sqliteBinding('/usr/lib/node_modules/runlog/out/main', EVIL, true)).toBeUndefined();
  });

  it('from source (the tests) RUNLOG_SQLITE_BINDING is honoured, and nothing is used without it', () => {
    expect(sqliteBinding('/src/runlog/src-main/core/history', EVIL, false)).toBe(
      EVIL.RUNLOG_SQLITE_BINDING,
    );
    expect(sqliteBinding('/src/runlog/src-main/core/history', {}, false)).toBeUndefined();
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
