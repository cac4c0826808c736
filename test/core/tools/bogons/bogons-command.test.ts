import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bogonsCommand } from '../../../../src-main/core/tools/bogons/bogons-command.js';
import { fixture, runTool, tempDir } from '../tool-harness.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir('rl-bogons-');
});
afterEach(() => temp.remove());

const run = (argv: string[]) => runTool(bogonsCommand, argv, { dataDir: temp.dir, cwd: temp.dir });

describe('runlog bogons with a file source', () => {
  it('prints an IOS ACL with remarks for the source and its header, then the final permit', async () => {
    const r = await run(['--source', fixture('bogons', 'fullbogons-ipv4.2022-03-16.txt')]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('ip access-list extended BOGONS');
    expect(lines[1]).toMatch(/^ remark bogons from .*fullbogons-ipv4\.2022-03-16\.txt$/);
    expect(lines[2]).toMatch(/^ remark file dated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(lines[3]).toBe(' remark list last updated 1647435002 (Wed Mar 16 12:50:02 2022 GMT)');
    expect(lines[4]).toBe(' deny ip 0.0.0.0 0.255.255.255 any');
    expect(lines.at(-1)).toBe(' permit ip any any');
    expect(r.err).toBe('');
  });

  it('refuses a list with bad lines: nothing printed, every bad line as file:line: reason, exit 1', async () => {
    const r = await run(['--source', fixture('bogons', 'bad-lines.txt')]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const reported = r.err.split('\n').filter((l) => /bad-lines\.txt:\d+: /.test(l));
    expect(reported.map((l) => Number(/txt:(\d+):/.exec(l)?.[1]))).toEqual([3, 4, 5, 6, 7, 8, 10]);
    expect(r.err).toMatch(/--skip-invalid/);
  });

  it('--skip-invalid converts the good lines and warns once per skipped line', async () => {
    const r = await run([
      '--source',
      fixture('bogons', 'bad-lines.txt'),
      '--skip-invalid',
      '--format',
      'plain',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('10.0.0.0/8\nfe80::/10\n');
    expect(r.err.match(/skipped: /g)?.length).toBe(7);
  });

  it('--format asa --name: numbered deny lines for the top of an existing list, no permit', async () => {
    const r = await run([
      '--source',
      fixture('bogons', 'bogon-bn-agg.old.txt'),
      '--format',
      'asa',
      '--name',
      'OUTSIDE_IN',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'access-list OUTSIDE_IN line 3 extended deny ip 0.0.0.0 254.0.0.0 any\n',
    );
    expect(r.out).toMatch(/^access-list OUTSIDE_IN line 1 remark bogons from /);
    expect(r.out).not.toMatch(/permit|access-group/);
    const positions = r.out
      .trimEnd()
      .split('\n')
      .map((l) => Number(l.split(' ')[3]));
    expect(positions).toEqual(positions.map((_, i) => i + 1));
  });

  it('--out writes the ACL to a file and keeps standard output empty', async () => {
    const r = await run([
      '--source',
      fixture('bogons', 'bogon-bn-agg.old.txt'),
      '--out',
      'acl.txt',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const written = readFileSync(path.join(temp.dir, 'acl.txt'), 'utf8');
    expect(written).toMatch(/^ip access-list extended BOGONS\n/);
    expect(written).toMatch(/ deny ip 224\.0\.0\.0 31\.255\.255\.255 any\n permit ip any any\n$/);
    expect(readdirSync(temp.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('an empty list is an error, not an ACL that only permits', async () => {
    const r = await run(['--source', fixture('bogons', 'empty.txt')]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
  });

  it('a missing file is reported by name with exit 1', async () => {
    const r = await run(['--source', 'nope.txt']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read nope\.txt/);
    expect(existsSync(path.join(temp.dir, 'cache'))).toBe(false);
  });
});

describe('runlog bogons usage', () => {
  it.each([
    [['--format', 'junos']],
    [['--name', '1abc']],
    [['--name', 'two words']],
    [['--list', 'fullbogons-ipv5']],
    [['--list', 'bogon-bn-agg', '--source', 'x.txt']],
    [['--source', 'ftp://example.net/list.txt']],
    [['--timeout', '0']],
    [['--timeout', 'soon']],
    [['--bogus']],
    [['positional']],
  ])('exits 2 for %j', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^runlog bogons: /);
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: runlog bogons/);
  });
});
