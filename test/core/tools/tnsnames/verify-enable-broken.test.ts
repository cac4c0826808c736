import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableBroken } from '../../../../src-main/core/tools/tnsnames/enable-broken.js';
import { TnsSyntaxError } from '../../../../src-main/core/tools/tnsnames/tns-tokenizer.js';
import { tnsnamesCommand } from '../../../../src-main/core/tools/tnsnames/tnsnames-command.js';
import { verifyEnableBroken } from '../../../../src-main/core/tools/tnsnames/verify-enable-broken.js';
import { fixture, runTool, tempDir } from '../tool-harness.js';

const read = (name: string) => readFileSync(fixture('tnsnames', name), 'utf8');
const errors = (name: string) =>
  verifyEnableBroken(read(name))
    .findings.filter((f) => f.level === 'error')
    .map((f) => [f.line, f.message]);

describe('verifyEnableBroken: exactly one (ENABLE=BROKEN) in each DESCRIPTION, at its own level', () => {
  it('two in one DESCRIPTION and none in the other fails twice, naming both lines', () => {
    expect(errors('enable-broken-twice.ora')).toEqual([
      [4, 'the DESCRIPTION of HR has (ENABLE=BROKEN) 2 times (lines 5, 7); keep one'],
      [12, 'the DESCRIPTION of SALES has no (ENABLE=BROKEN) of its own'],
    ]);
    expect(verifyEnableBroken(read('enable-broken-twice.ora')).enabled).toBe(0);
  });

  it('one inside ADDRESS does not count, and is noted where it is', () => {
    const result = verifyEnableBroken(read('enable-broken-in-address.ora'));
    expect(result.findings).toEqual([
      {
        level: 'error',
        line: 4,
        column: 3,
        message: 'the DESCRIPTION of STOCK has no (ENABLE=BROKEN) of its own',
      },
      {
        level: 'note',
        line: 5,
        column: 62,
        message: '(ENABLE=…) inside ADDRESS of STOCK is ignored there',
      },
    ]);
    expect([result.descriptions, result.enabled]).toEqual([2, 1]);
    // The edit agrees: it would add the setting to STOCK only.
    expect(enableBroken(read('enable-broken-in-address.ora')).changed.map((c) => c.alias)).toEqual([
      'STOCK',
    ]);
  });

  it('accepts any letter case, spacing, quotes and DESCRIPTION_LIST, and ignores comments', () => {
    const result = verifyEnableBroken(read('enable-broken-variants.ora'));
    expect(result.findings).toEqual([]);
    expect([result.descriptions, result.enabled]).toEqual([4, 4]);
  });

  it('ENABLE=YES is not BROKEN', () => {
    const result = verifyEnableBroken(read('enable-yes.ora'));
    expect(result.findings.map((f) => [f.level, f.message])).toEqual([
      ['error', 'the DESCRIPTION of APP has no (ENABLE=BROKEN) of its own'],
      ['note', 'APP: ENABLE=YES is not BROKEN'],
    ]);
  });

  it('--alias limits the check to the named entries', () => {
    const result = verifyEnableBroken(read('enable-broken-twice.ora'), ['sales']);
    expect(result.descriptions).toBe(1);
    expect(result.findings.map((f) => f.line)).toEqual([12]);
  });

  it('agrees with enable-broken on every fixture: after the edit, nothing is missing anywhere', () => {
    const files = readdirSync(fixture('tnsnames')).filter((f) => f.endsWith('.ora'));
    let checked = 0;
    for (const file of files) {
      let edited: string;
      try {
        edited = enableBroken(read(file)).output;
      } catch (error) {
        expect(error, file).toBeInstanceOf(TnsSyntaxError);
        continue;
      }
      const missing = verifyEnableBroken(edited).findings.filter((f) =>
        f.message.includes('has no (ENABLE=BROKEN)'),
      );
      expect(missing, file).toEqual([]);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('runlog tnsnames verify', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir('rl-tns-verify-');
  });
  afterEach(() => temp.remove());
  const run = (argv: string[]) =>
    runTool(tnsnamesCommand, argv, { dataDir: temp.dir, cwd: temp.dir });

  it('exits 0 with the count when every DESCRIPTION is right, and never writes', async () => {
    const file = path.join(temp.dir, 'tnsnames.ora');
    copyFileSync(fixture('tnsnames', 'description-list.expected.ora'), file);
    const before = statSync(file).mtimeMs;
    const r = await run(['verify', '--file', 'tnsnames.ora']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'tnsnames.ora: 3 DESCRIPTION blocks, 3 with ENABLE=BROKEN\n' +
        'OK: every DESCRIPTION in tnsnames.ora has exactly one ENABLE=BROKEN\n',
    );
    expect(statSync(file).mtimeMs).toBe(before);
    expect(readdirSync(temp.dir)).toEqual(['tnsnames.ora']);
  });

  it('exits 1 naming FILE:LINE:COLUMN for the duplicate and the missing one', async () => {
    copyFileSync(fixture('tnsnames', 'enable-broken-twice.ora'), path.join(temp.dir, 't.ora'));
    const r = await run(['verify', '--file', 't.ora']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('t.ora:4:3: the DESCRIPTION of HR has (ENABLE=BROKEN) 2 times');
    expect(r.err).toContain('t.ora:12:3: the DESCRIPTION of SALES has no (ENABLE=BROKEN)');
    expect(r.out).toContain('2 DESCRIPTION blocks, 0 with ENABLE=BROKEN');
  });

  it('exits 1 for a malformed file with its line and column, and for a file without DESCRIPTION', async () => {
    copyFileSync(fixture('tnsnames', 'bad-unclosed.ora'), path.join(temp.dir, 'bad.ora'));
    const bad = await run(['verify', '--file', 'bad.ora']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^bad\.ora:\d+:\d+: /);
    copyFileSync(fixture('tnsnames', 'ifile.ora'), path.join(temp.dir, 'i.ora'));
    const include = await run(['verify', '--file', 'i.ora', '--alias', 'IFILE']);
    expect(include.code).toBe(1);
    expect(include.err).toContain('note: IFILE /u01/app/oracle/network/admin/shared_tnsnames.ora');
    expect(include.err).toContain('no DESCRIPTION found in i.ora');
  });

  it.each([[['verify']], [['verify', '--file']], [['verify', '--file', 'x', '--dry-run']]])(
    'exits 2 for %j',
    async (argv) => {
      expect((await run(argv)).code).toBe(2);
    },
  );

  it('exits 1 for an unknown alias or a missing file', async () => {
    copyFileSync(fixture('tnsnames', 'one-line.ora'), path.join(temp.dir, 'o.ora'));
    expect((await run(['verify', '--file', 'o.ora', '--alias', 'NOPE'])).err).toContain(
      'no entry is named NOPE',
    );
    expect((await run(['verify', '--file', 'missing.ora'])).code).toBe(1);
  });
});
