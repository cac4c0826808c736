import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tnsnamesCommand } from '../../../../src-main/core/tools/tnsnames/tnsnames-command.js';
import { fixture, runTool, tempDir } from '../tool-harness.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir('rl-tns-');
});
afterEach(() => temp.remove());

const run = (argv: string[]) =>
  runTool(tnsnamesCommand, argv, { dataDir: temp.dir, cwd: temp.dir });
/** Copies a fixture into the temp folder as tnsnames.ora and returns its path. */
function place(name: string, mode = 0o640): string {
  const file = path.join(temp.dir, 'tnsnames.ora');
  copyFileSync(fixture('tnsnames', name), file);
  chmodSync(file, mode);
  return file;
}
const backups = () => readdirSync(temp.dir).filter((f) => f.startsWith('tnsnames.ora.bak-'));

describe('runlog tnsnames enable-broken', () => {
  it('rewrites the file, keeps a byte-identical backup with the same mode, prints the diff', async () => {
    const file = place('classic-multiline.ora', 0o640);
    const original = readFileSync(file);
    const r = await run(['enable-broken', '--file', 'tnsnames.ora']);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      readFileSync(fixture('tnsnames', 'classic-multiline.expected.ora'), 'utf8'),
    );
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const [backup] = backups();
    expect(backup).toMatch(/^tnsnames\.ora\.bak-\d{8}T\d{6}Z$/);
    expect(readFileSync(path.join(temp.dir, backup)).equals(original)).toBe(true);
    expect(statSync(path.join(temp.dir, backup)).mode & 0o777).toBe(0o640);
    expect(r.out).toMatch(/^--- a\/tnsnames\.ora\n\+\+\+ b\/tnsnames\.ora\n@@ -3,6 \+3,7 @@\n/);
    expect(r.out).toContain('+    (ENABLE = BROKEN)\n');
    expect(r.out).toMatch(/added \(ENABLE=BROKEN\) to ORCLPDB1 \(line 5\), ORCL \(line 17\)/);
    expect(readdirSync(temp.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('the printed diff applies with patch(1) to the original and gives the new file', async () => {
    const file = place('crlf.ora');
    const r = await run(['enable-broken', '--file', file, '--dry-run']);
    const copy = path.join(temp.dir, 'copy.ora');
    copyFileSync(file, copy);
    const diff = r.out.slice(0, r.out.lastIndexOf('dry run:'));
    writeFileSync(path.join(temp.dir, 'change.diff'), diff);
    execFileSync('patch', ['--binary', copy, path.join(temp.dir, 'change.diff')], {
      stdio: 'pipe',
    });
    expect(readFileSync(copy, 'utf8')).toBe(
      readFileSync(fixture('tnsnames', 'crlf.expected.ora'), 'utf8'),
    );
  });

  it('a second run changes nothing, makes no backup, and says nothing was missing', async () => {
    const file = place('description-list.ora');
    expect((await run(['enable-broken', '--file', file])).code).toBe(0);
    const after = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const again = await run(['enable-broken', '--file', file]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^nothing was missing/);
    expect(readFileSync(file).equals(after)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(backups()).toHaveLength(1);
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const file = place('one-line.ora');
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const r = await run(['enable-broken', '--file', file, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('+HR=(DESCRIPTION=(ENABLE=BROKEN)(ADDRESS=');
    expect(r.out).toMatch(/dry run: .*nothing was written/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(backups()).toEqual([]);
  });

  it.each([
    ['bad-unclosed.ora', '8:3'],
    ['bad-extra-close.ora', '4:5'],
    ['bad-no-equals.ora', '6:3'],
    ['bad-junk.ora', '2:6'],
    ['bad-missing-equals-in-group.ora', '3:5'],
  ])('refuses %s untouched, naming line:column %s', async (name, position) => {
    const file = place(name);
    const before = readFileSync(file);
    const r = await run(['enable-broken', '--file', 'tnsnames.ora']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`tnsnames.ora:${position}: `);
    expect(r.err).toMatch(/was not changed/);
    expect(r.out).toBe('');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(backups()).toEqual([]);
  });

  it('--alias edits only the named entries; an unknown alias is refused with the file untouched', async () => {
    const file = place('several-aliases.ora');
    const before = readFileSync(file, 'utf8');
    const unknown = await run([
      'enable-broken',
      '--file',
      file,
      '--alias',
      'sales',
      '--alias',
      'NOPE',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no entry is named NOPE/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const r = await run(['enable-broken', '--file', file, '--alias', 'billing.world']);
    expect(r.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('BILLING,BILLING.WORLD=(DESCRIPTION=(ENABLE=BROKEN)(ADDRESS=');
    expect(after).toContain('SALES, SALES.WORLD, sales_ro =\n (DESCRIPTION=\n  (ADDRESS=');
  });

  it('notes IFILE includes on stderr', async () => {
    const file = place('ifile.ora');
    const r = await run(['enable-broken', '--file', file]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /:2: note: IFILE \/u01\/app\/oracle\/network\/admin\/shared_tnsnames\.ora/,
    );
  });

  it('edits the target of a symbolic link and leaves the link in place', async () => {
    const real = place('lower-case.ora');
    const link = path.join(temp.dir, 'link.ora');
    symlinkSync(real, link);
    const r = await run(['enable-broken', '--file', 'link.ora']);
    expect(r.code).toBe(0);
    expect(readFileSync(real, 'utf8')).toBe(
      readFileSync(fixture('tnsnames', 'lower-case.expected.ora'), 'utf8'),
    );
    expect(statSync(link, { throwIfNoEntry: true }).isFile()).toBe(true);
    expect(readdirSync(temp.dir).includes('link.ora')).toBe(true);
    expect(execFileSync('readlink', [link], { encoding: 'utf8' }).trim()).toBe(real);
  });

  it('keeps bytes that are not UTF-8 (a Latin-1 comment) exactly as they were', async () => {
    const file = path.join(temp.dir, 'tnsnames.ora');
    const head = Buffer.from('# Base de donn', 'latin1');
    const body = Buffer.from(
      'es (\xe9t\xe9)\nX = (DESCRIPTION = (ADDRESS = (HOST = x)))\n',
      'latin1',
    );
    writeFileSync(file, Buffer.concat([head, Buffer.from([0xe9]), body]));
    const r = await run(['enable-broken', '--file', file]);
    expect(r.code).toBe(0);
    const expected = Buffer.concat([
      head,
      Buffer.from([0xe9]),
      Buffer.from(
        'es (\xe9t\xe9)\nX = (DESCRIPTION = (ENABLE = BROKEN)(ADDRESS = (HOST = x)))\n',
        'latin1',
      ),
    ]);
    expect(readFileSync(file).equals(expected)).toBe(true);
  });

  it.each([
    [[]],
    [['enable-broken']],
    [['enable-broken', '--file']],
    [['disable-broken', '--file', 'x']],
    [['enable-broken', '--file', 'x', '--bogus']],
  ])('exits 2 on bad usage %j', async (argv) => {
    expect((await run(argv)).code).toBe(2);
  });

  it('a missing file is exit 1 with its name', async () => {
    const r = await run(['enable-broken', '--file', 'missing.ora']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read missing\.ora/);
  });
});
