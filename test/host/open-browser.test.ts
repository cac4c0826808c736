import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openerFor,
  openFile,
  redirectPage,
  writeRedirectFile,
} from '../../src-main/host/open-browser.js';
import { eventually, fakeOpener } from './host-helpers.js';

const URL_WITH_TOKEN = 'http://127.0.0.1:4000/#token=c2VjcmV0LXRva2VuLXZhbHVlLWZvci10ZXN0aW5n';

let dir: string;
let savedPath: string | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runlog-open-'));
  savedPath = process.env.PATH;
});

afterEach(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

function useFakeOpener(exitCode: number): string {
  const { bin, log } = fakeOpener(dir, exitCode);
  process.env.PATH = `${bin}:${savedPath}`;
  return log;
}

describe('redirect file', () => {
  it('is readable by the operator only and redirects to the address with its fragment', () => {
    const file = writeRedirectFile(dir, URL_WITH_TOKEN);
    expect(file.path.startsWith(dir)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(file.path).mode & 0o777).toBe(0o600);
    const html = readFileSync(file.path, 'utf8');
    expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${URL_WITH_TOKEN}">`);
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    file.remove();
    expect(existsSync(file.path)).toBe(false);
    file.remove(); // twice is harmless
  });

  it('gets a new unguessable name each time and never overwrites a file', () => {
    const a = writeRedirectFile(dir, URL_WITH_TOKEN);
    const b = writeRedirectFile(dir, URL_WITH_TOKEN);
    expect(a.path).not.toBe(b.path);
    a.remove();
    b.remove();
  });

  it('attack: an address with markup cannot break out of the attribute', () => {
    const html = redirectPage('http://127.0.0.1:1/#"><script>alert(1)</script>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"><');
  });
});

describe('opening a file in the browser', () => {
  it('hands the opener only the file path', async () => {
    const log = useFakeOpener(0);
    const file = writeRedirectFile(dir, URL_WITH_TOKEN);
    const failures: string[] = [];
    openFile(file.path, (reason) => failures.push(reason));
    await eventually(() => existsSync(log), 'the opener ran');
    expect(readFileSync(log, 'utf8')).toBe(`${file.path}\n`);
    expect(failures).toEqual([]);
    file.remove();
  });

  it('reports an opener that fails (no browser) and one that is not installed', async () => {
    useFakeOpener(3);
    const failures: string[] = [];
    openFile(join(dir, 'x.html'), (reason) => failures.push(reason));
    await eventually(() => failures.length > 0, 'the failure was reported');
    expect(failures[0]).toBe('xdg-open exited with status 3');
    process.env.PATH = join(dir, 'nowhere');
    openFile(join(dir, 'x.html'), (reason) => failures.push(reason));
    await eventually(() => failures.length > 1, 'the missing opener was reported');
    expect(failures[1]).toBe('xdg-open is not installed');
  });

  it('uses the platform opener', () => {
    expect(openerFor('linux', '/f.html')).toEqual(['xdg-open', ['/f.html']]);
    expect(openerFor('darwin', '/f.html')).toEqual(['open', ['/f.html']]);
    expect(openerFor('win32', 'C:\\f.html')).toEqual(['explorer.exe', ['C:\\f.html']]);
  });
});
