/**
 * Cutting step text at its hidden characters: every character hidden-text.ts reports becomes a
 * part of its own at its place (so a view can draw it as a mark instead of itself), nothing else
 * is lost or moved, and long lines are known by number.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  hasHiddenChars,
  hiddenSummary,
  isFlagged,
  revealInline,
  revealLines,
  textFlags,
  type RevealedPart,
} from '../../../src-renderer/shared/text-flags.js';
import { LONG_LINE_LIMIT } from '../../../src-main/core/runbook/hidden-text.js';

/** The text a line stands for: its plain parts, and each hidden character put back. */
function rebuild(parts: readonly RevealedPart[]): string {
  return parts
    .map((p) =>
      typeof p === 'string' ? p : String.fromCodePoint(parseInt(p.codePoint.slice(2), 16)),
    )
    .join('');
}

describe('text flags', () => {
  it('cuts a bidirectional override and a zero-width space out at their places', () => {
    const text = 'echo "ok" # \u202e txet\necho "zero\u200bwidth"\n';
    const lines = revealLines(text);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.parts).toEqual([
      'echo "ok" # ',
      expect.objectContaining({
        codePoint: 'U+202E',
        kind: 'bidi',
        name: 'right-to-left override',
      }),
      ' txet',
    ]);
    expect(lines[1]!.parts).toEqual([
      'echo "zero',
      expect.objectContaining({ codePoint: 'U+200B', kind: 'invisible', line: 2, column: 11 }),
      'width"',
    ]);
    expect(hasHiddenChars(text)).toBe(true);
  });

  it('leaves plain text whole, tabs included, and flags nothing', () => {
    const text = 'printf "a\\tb"\n\tindented\n';
    expect(revealLines(text).map((l) => l.parts)).toEqual([['printf "a\\tb"'], ['\tindented']]);
    expect(isFlagged(textFlags(text))).toBe(false);
    expect(hasHiddenChars(text)).toBe(false);
  });

  it('marks an escape and a carriage return, which move what a terminal has shown', () => {
    const parts = revealInline('echo harmless\r# \u001b[2K rm');
    expect(
      parts.filter((p) => typeof p !== 'string').map((p) => (p as { name: string }).name),
    ).toEqual(['carriage return', 'escape']);
  });

  it('numbers the lines too long for one screen and flags them', () => {
    const long = `echo start${' '.repeat(LONG_LINE_LIMIT)}; echo far`;
    const text = `echo one\n${long}\necho three`;
    const lines = revealLines(text);
    expect(lines.map((l) => l.long)).toEqual([false, true, false]);
    expect(textFlags(text).long).toEqual([{ line: 2, length: [...long].length }]);
    expect(isFlagged(textFlags(text))).toBe(true);
    expect(hasHiddenChars(text)).toBe(false);
  });

  it('counts each kind of hidden character with the lines it is on', () => {
    const text = '\u2066a\u2069\n\u2066b\u2069 \u2066';
    expect(hiddenSummary(textFlags(text).hidden)).toEqual([
      { name: 'left-to-right isolate', codePoint: 'U+2066', count: 3, lines: [1, 2] },
      { name: 'pop directional isolate', codePoint: 'U+2069', count: 2, lines: [1, 2] },
    ]);
  });

  it('keeps a character outside the Basic Multilingual Plane (a tag character) as one part', () => {
    const parts = revealInline('ok\u{e0041}\u{e0042}');
    expect(parts).toEqual([
      'ok',
      expect.objectContaining({ codePoint: 'U+E0041', name: 'tag character' }),
      expect.objectContaining({ codePoint: 'U+E0042' }),
    ]);
  });

  it('puts every character of any text back in its order (nothing dropped, nothing moved)', () => {
    const alphabet = [
      'a',
      ' ',
      '\t',
      '"',
      '\u202e',
      '\u200b',
      '\u2066',
      '\u001b',
      '\r',
      'é',
      '\u{e0041}',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const text = rows.map((r) => r.join('')).join('\n');
          const lines = revealLines(text);
          expect(lines.map((l) => rebuild(l.parts)).join('\n')).toBe(text.replace(/\n$/, ''));
          const marks = lines.flatMap((l) => l.parts.filter((p) => typeof p !== 'string'));
          expect(marks).toHaveLength(textFlags(text).hidden.length);
        },
      ),
    );
  });
});
