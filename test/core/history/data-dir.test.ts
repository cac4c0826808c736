import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDataDir, resolveDataDir } from '../../../src-main/core/history/data-dir.js';
import { tempDir } from './helpers.js';

describe('resolveDataDir', () => {
  it('prefers the --data-dir flag over the environment', () => {
    const dir = resolveDataDir({
      flag: '/x/flag',
      env: { RUNLOG_DATA_DIR: '/x/env' },
      platform: 'linux',
      home: '/h',
    });
    expect(dir).toBe('/x/flag');
  });

  it('uses RUNLOG_DATA_DIR when no flag is given', () => {
    expect(
      resolveDataDir({ env: { RUNLOG_DATA_DIR: '/x/env' }, platform: 'linux', home: '/h' }),
    ).toBe('/x/env');
  });

  it('follows XDG_DATA_HOME on Linux and ignores a relative one', () => {
    expect(resolveDataDir({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'linux', home: '/h' })).toBe(
      '/xdg/Runlog',
    );
    expect(resolveDataDir({ env: { XDG_DATA_HOME: 'rel' }, platform: 'linux', home: '/h' })).toBe(
      '/h/.local/share/Runlog',
    );
    expect(resolveDataDir({ env: {}, platform: 'linux', home: '/h' })).toBe(
      '/h/.local/share/Runlog',
    );
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', home: '/Users/a' })).toBe(
      '/Users/a/Library/Application Support/Runlog',
    );
    expect(
      resolveDataDir({
        env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\a',
      }),
    ).toBe('C:\\Users\\a\\AppData\\Roaming\\Runlog');
  });
});

describe('ensureDataDir', () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());

  it('creates the folder readable by its owner only', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const dir = ensureDataDir(path.join(t.dir, 'a', 'Runlog'));
    const st = statSync(dir);
    expect(st.isDirectory()).toBe(true);
    expect(st.mode & 0o777).toBe(0o700);
  });
});
