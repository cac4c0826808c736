/**
 * Characters a reader cannot see but a terminal or a shell obeys. A step that shows `echo
 * harmless` can run more when its text hides terminal escapes, bidirectional overrides (the
 * "Trojan Source" trick), zero-width characters or Unicode tag characters, or when the rest of a
 * command sits far to the right on a very long line. This module says which characters and which
 * lines those are; the CLI escapes them (`\x1b`, `\u202e`) and the UI flags them. Pure: no Node,
 * no DOM, so both sides import it.
 */

/** Why a character is reported. */
export type HiddenKind = 'control' | 'bidi' | 'invisible';

/** One hidden character found in a text. */
export interface HiddenChar {
  /** 1-based line and column (in code points) of the character. */
  line: number;
  column: number;
  /** The code point, as `U+202E`. */
  codePoint: string;
  kind: HiddenKind;
  /** A short name a person recognises. */
  name: string;
}

/** A line too long to read on one screen. */
export interface LongLine {
  line: number;
  /** Length in code points. */
  length: number;
}

/**
 * Past this many code points a line no longer fits a wide terminal or an editor pane: whatever
 * follows can sit out of sight. Ordinary commands stay far below it.
 */
export const LONG_LINE_LIMIT = 200;

/** Bidirectional formatting characters: marks, embeddings, overrides and isolates. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/**
 * C0 controls (tab and line feed are allowed where a block of text keeps its shape), DEL and the
 * C1 controls: a terminal acts on them instead of showing them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/**
 * Characters with no visible form: soft hyphen, combining grapheme joiner, Hangul and Mongolian
 * fillers, zero-width spaces and joiners, word joiner and invisible operators, line and paragraph
 * separators, variation selectors, the byte-order mark, interlinear annotation marks, and the
 * Unicode tag characters that can carry a whole hidden sentence.
 */
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- each mark is matched alone: the point
  /[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2028\u2029\u2060-\u2065\u206a-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\u{1d173}-\u{1d17a}\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/u;

/** Every character of the three classes above, for replacing in one pass. */
// eslint-disable-next-line no-misleading-character-class -- as above
const ANY_HIDDEN = new RegExp(`${CONTROL.source}|${BIDI.source}|${INVISIBLE.source}`, 'gu');

const NAMES: Record<number, string> = {
  0x1b: 'escape',
  0x07: 'bell',
  0x08: 'backspace',
  0x0d: 'carriage return',
  0x7f: 'delete',
  0x061c: 'Arabic letter mark',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x2060: 'word joiner',
  0xfeff: 'byte-order mark',
  0x00ad: 'soft hyphen',
};

/** The kind of a character, or undefined when it is an ordinary visible one. */
export function hiddenKind(ch: string): HiddenKind | undefined {
  if (BIDI.test(ch)) return 'bidi';
  if (CONTROL.test(ch)) return 'control';
  if (INVISIBLE.test(ch)) return 'invisible';
  return undefined;
}

function nameOf(code: number, kind: HiddenKind): string {
  const known = NAMES[code];
  if (known) return known;
  if (code >= 0xe0000 && code <= 0xe007f) return 'tag character';
  if ((code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef))
    return 'variation selector';
  return kind === 'control' ? 'control character' : 'invisible character';
}

/** `U+XXXX` of a code point. */
export function codePointLabel(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Every hidden character of a text with its place. Line feeds end lines and tabs are ordinary
 * (both are visible in a code block); a carriage return is reported, since it moves the cursor
 * back over what a terminal has already shown.
 */
export function findHiddenChars(text: string): HiddenChar[] {
  const found: HiddenChar[] = [];
  let line = 1;
  let column = 0;
  for (const ch of text) {
    if (ch === '\n') {
      line += 1;
      column = 0;
      continue;
    }
    column += 1;
    if (ch === '\t') continue;
    const kind = hiddenKind(ch);
    if (!kind) continue;
    const code = ch.codePointAt(0)!;
    found.push({ line, column, codePoint: codePointLabel(code), kind, name: nameOf(code, kind) });
  }
  return found;
}

/** The lines longer than `limit` code points. */
export function findLongLines(text: string, limit: number = LONG_LINE_LIMIT): LongLine[] {
  const long: LongLine[] = [];
  text.split('\n').forEach((content, i) => {
    const length = [...content].length;
    if (length > limit) long.push({ line: i + 1, length });
  });
  return long;
}

/** The escape a hidden character is shown as: `\x1b` below U+0100, else `\u202e` or `\u{e0041}`. */
export function escapeHiddenChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/**
 * The text with every hidden character replaced by its escape. With `multiline`, line feeds and
 * tabs stay as they are so a block keeps its shape; a carriage return is always escaped.
 */
export function escapeHidden(text: string, options: { multiline?: boolean } = {}): string {
  return String(text).replace(ANY_HIDDEN, (ch) =>
    options.multiline && (ch === '\n' || ch === '\t') ? ch : escapeHiddenChar(ch),
  );
}
