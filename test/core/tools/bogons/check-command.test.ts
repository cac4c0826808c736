import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bogonsCommand } from '../../../../src-main/core/tools/bogons/bogons-command.js';
import { writeCache } from '../../../../src-main/core/tools/bogons/fetch-source.js';
import { fixture, runTool, tempDir } from '../tool-harness.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir('rl-bogons-check-');
});
afterEach(() => temp.remove());

const run = (argv: string[]) => runTool(bogonsCommand, argv, { dataDir: temp.dir, cwd: temp.dir });
const V4_FULL = fixture('bogons', 'fullbogons-ipv4.2022-03-16.txt');

describe('runlog bogons --save-list, then runlog bogons check', () => {
  it('checks what it built against the list it saved, per format, and says what it proved', async () => {
    for (const format of ['ios', 'asa', 'plain']) {
      const built = await run([
        '--source',
        V4_FULL,
        '--format',
        format,
        '--name',
        'EDGE',
        '--out',
        `${format}.acl`,
        '--save-list',
        `${format}.list`,
      ]);
      expect(built.code, built.err).toBe(0);
      expect(readFileSync(path.join(temp.dir, `${format}.list`))).toEqual(readFileSync(V4_FULL));
      const args = ['check', '--acl', `${format}.acl`, '--format', format, '--name', 'EDGE'];
      const r = await run([...args, '--source', `${format}.list`]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('all 1479 IPv4 prefixes of ');
      expect(r.out).toContain(`OK: ${format}.acl (${format}) does what a bogon filter should`);
    }
  });

  it('fails with FILE:LINE: messages and exit 1 when a line of the saved ACL is changed', async () => {
    await run(['--source', V4_FULL, '--out', 'b.acl', '--save-list', 'b.list']);
    const file = path.join(temp.dir, 'b.acl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[10] = ' deny ip 1.0.0.0 255.255.255.0 any';
    writeFileSync(file, lines.join('\n'));
    const r = await run(['check', '--acl', 'b.acl', '--source', 'b.list']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^b\.acl:11: 255\.255\.255\.0 is a netmask where IOS wants a wildcard/m);
    expect(r.err).toContain('runlog bogons check: b.acl is not safe to apply');
  });

  it('lists at most 40 problems, then counts the rest', async () => {
    const text = Array.from({ length: 60 }, (_, i) => ` deny ip 10.${i}.0.0 0.0.255.255 any`);
    writeFileSync(
      path.join(temp.dir, 'many.acl'),
      ['ip access-list extended B', ...text, ''].join('\n'),
    );
    const r = await run(['check', '--acl', 'many.acl', '--source', V4_FULL]);
    expect(r.code).toBe(1);
    expect(r.err.split('\n').filter((l) => l.startsWith('many.acl:'))).toHaveLength(40);
    expect(r.err).toMatch(/… and \d+ more problems/);
  });

  it('checks the built-in ipv6-compact list without a file, and never fetches', async () => {
    const built = await run(['--list', 'ipv6-compact', '--out', 'v6.acl']);
    expect(built.code).toBe(0);
    const r = await run(['check', '--acl', 'v6.acl', '--list', 'ipv6-compact']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('ND and link-local, which pass before the first deny');
  });

  it('reads a URL source from its cached copy only, and says so when there is none', async () => {
    const url = 'https://bogons.invalid/fullbogons-ipv4.txt';
    await run(['--source', V4_FULL, '--out', 'c.acl']);
    const none = await run(['check', '--acl', 'c.acl', '--source', url]);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`there is no cached copy of ${url}`);
    await writeCache(temp.dir, url, readFileSync(V4_FULL, 'utf8'), new Date());
    const cached = await run(['check', '--acl', 'c.acl', '--source', url]);
    expect(cached.code, cached.err).toBe(0);
  });

  it.each([
    [['check']],
    [['check', '--acl', 'x.acl']],
    [['check', '--acl', 'x.acl', '--source', 'l', '--format', 'junos']],
    [['check', '--acl', 'x.acl', '--source', 'l', '--list', 'bogon-bn-agg']],
    [['check', '--acl', 'x.acl', '--source', 'l', '--name', '1x']],
    [['check', '--bogus']],
  ])('exits 2 for %j', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^runlog bogons check: /);
  });

  it('exits 1 naming a missing ACL file; --help exits 0', async () => {
    const r = await run(['check', '--acl', 'nope.acl', '--source', V4_FULL]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot read nope.acl');
    const help = await run(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: runlog bogons check/);
  });

  it('refuses --out and --save-list naming one file', async () => {
    const r = await run(['--source', V4_FULL, '--out', 'same', '--save-list', 'same']);
    expect(r.code).toBe(2);
  });
});
