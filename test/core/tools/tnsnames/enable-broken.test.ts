import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  enableBroken,
  UnknownAliasError,
} from '../../../../src-main/core/tools/tnsnames/enable-broken.js';
import { TnsSyntaxError } from '../../../../src-main/core/tools/tnsnames/tns-tokenizer.js';
import { verifyEnableBroken } from '../../../../src-main/core/tools/tnsnames/verify-enable-broken.js';
import { fixture } from '../tool-harness.js';

const read = (name: string) => readFileSync(fixture('tnsnames', name), 'utf8');
const corpus = readdirSync(fixture('tnsnames')).filter(
  (f) => f.endsWith('.ora') && !f.startsWith('bad-') && !f.includes('.expected.'),
);

/** Every ENABLE=BROKEN atom, on a line of its own (with its indent and line end) or inline. */
const ATOM =
  /(?<=^|\n)[ \t]*\(\s*enable\s*=\s*broken\s*\)[ \t]*\r?\n|\(\s*enable\s*=\s*broken\s*\)/gi;
const stripAtoms = (text: string) => text.replace(ATOM, '');
const withoutComments = (text: string) => text.replace(/#[^\n]*/g, '');
const count = (text: string, re: RegExp) => withoutComments(text).match(re)?.length ?? 0;
const ENABLE = /\(\s*enable\s*=\s*broken\s*\)/gi;

describe('enableBroken over the corpus of real-world layouts', () => {
  it('has a corpus to check', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(11);
  });

  for (const name of corpus) {
    it(`${name}: only (ENABLE=BROKEN) is added, every other byte is kept`, () => {
      const input = read(name);
      const { output, changed } = enableBroken(input);
      expect(stripAtoms(output)).toBe(stripAtoms(input));
      expect(count(output, ENABLE) - count(input, ENABLE)).toBe(changed.length);
      // Word counts cannot say where each atom sits; the structural check can.
      const missing = verifyEnableBroken(output).findings.filter((f) =>
        f.message.includes('has no (ENABLE=BROKEN)'),
      );
      expect(missing).toEqual([]);
      // The reported insertions, spliced into the input at their offsets, give the output.
      let rebuilt = input;
      for (const change of [...changed].sort((x, y) => y.offset - x.offset)) {
        rebuilt = rebuilt.slice(0, change.offset) + change.inserted + rebuilt.slice(change.offset);
      }
      expect(rebuilt).toBe(output);
    });

    it(`${name}: a second pass changes nothing`, () => {
      const once = enableBroken(read(name)).output;
      const twice = enableBroken(once);
      expect(twice.changed).toEqual([]);
      expect(twice.output).toBe(once);
    });
  }

  for (const name of corpus.filter((n) =>
    readdirSync(fixture('tnsnames')).includes(n.replace('.ora', '.expected.ora')),
  )) {
    it(`${name}: matches the hand-written expected file byte for byte`, () => {
      expect(enableBroken(read(name)).output).toBe(read(name.replace('.ora', '.expected.ora')));
    });
  }
});

describe('placement and scope', () => {
  it('puts the atom on its own line with the next parameter indent and CRLF in a CRLF file', () => {
    const { changed } = enableBroken(read('crlf.ora'));
    expect(changed.map((c) => [c.alias, c.line, c.inserted])).toEqual([
      ['WINAPP', 3, '    (ENABLE = BROKEN)\r\n'],
      ['WINRPT', 10, '(ENABLE = BROKEN)'],
    ]);
  });

  it('gives each DESCRIPTION of a DESCRIPTION_LIST its own, skipping the one that has it', () => {
    const { changed, alreadyEnabled } = enableBroken(read('description-list.ora'));
    expect(changed.map((c) => c.line)).toEqual([5, 15]);
    expect(alreadyEnabled).toBe(1);
    expect(changed[1].inserted).toBe('\t(ENABLE = BROKEN)\n');
  });

  it('recognises ENABLE=BROKEN in any case and spacing', () => {
    const { changed, alreadyEnabled } = enableBroken(read('already-enabled.ora'));
    expect(changed.map((c) => c.alias)).toEqual(['A3']);
    expect(alreadyEnabled).toBe(2);
  });

  it('keeps the comment that follows "(DESCRIPTION =" on its line and parentheses in comments', () => {
    const { output } = enableBroken(read('comments-deep-nesting.ora'));
    expect(output).toContain(
      '  (DESCRIPTION =   # opening comment )\n    (ENABLE = BROKEN)\n    # the primary address',
    );
  });

  it('leaves quoted values with parentheses and # alone', () => {
    const { output, changed } = enableBroken(read('quoted-values.ora'));
    expect(changed).toHaveLength(1);
    expect(output).toContain('"CN=secure-db,OU=DB (prod) #1,O=Example,C=DE"');
  });

  it('lists IFILE includes, which it does not follow', () => {
    const { includes } = enableBroken(read('ifile.ora'));
    expect(includes).toEqual([
      { line: 2, path: '/u01/app/oracle/network/admin/shared_tnsnames.ora' },
      { line: 3, path: '/opt/oracle/extra tns.ora' },
    ]);
  });

  it('limits the change to the named aliases, in any letter case, any alias of an entry', () => {
    const { changed } = enableBroken(read('several-aliases.ora'), { aliases: ['sales_RO'] });
    expect(changed.map((c) => c.aliases)).toEqual([['SALES', 'SALES.WORLD', 'sales_ro']]);
  });

  it('refuses an alias the file does not have', () => {
    expect(() => enableBroken(read('several-aliases.ora'), { aliases: ['SALES', 'HR'] })).toThrow(
      UnknownAliasError,
    );
  });
});

describe('malformed files are refused with the line and column of the fault', () => {
  it.each([
    ['bad-unclosed.ora', 8, 3, /not closed before the next entry LAST/],
    ['bad-extra-close.ora', 4, 5, /outside any entry/],
    ['bad-no-equals.ora', 6, 3, /expected "=" after the alias SECOND/],
    ['bad-junk.ora', 2, 6, /expected "="/],
    ['bad-missing-equals-in-group.ora', 3, 5, /expected "=" after DESCRIPTION/],
  ])('%s at %i:%i', (name, line, column, message) => {
    let caught: unknown;
    try {
      enableBroken(read(name));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TnsSyntaxError);
    const error = caught as TnsSyntaxError;
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toMatch(message);
  });

  it.each([
    ['A = (DESCRIPTION = (ADDRESS = (HOST = x))', 1, 5, /never closed/],
    ['A = (DESCRIPTION = (HOST = "x))\n', 1, 28, /quoted value/],
    [') A = (DESCRIPTION = (HOST = x))', 1, 1, /unbalanced "\)"/],
    ['A = (DESCRIPTION = ()\n)', 1, 21, /keyword after "\("/],
    ['= (DESCRIPTION = (HOST = x))', 1, 1, /no alias name/],
    ['A, = (DESCRIPTION = (HOST = x))', 1, 4, /another alias/],
    ['A =\n', 1, 3, /expected a value/],
  ])('%j', (text, line, column, message) => {
    expect(() => enableBroken(text)).toThrow(message);
    try {
      enableBroken(text);
    } catch (error) {
      expect([(error as TnsSyntaxError).line, (error as TnsSyntaxError).column]).toEqual([
        line,
        column,
      ]);
    }
  });
});
