/**
 * What in a step's text the operator could not see on screen: characters a shell or terminal
 * obeys but a page does not draw (bidirectional overrides, zero-width characters, controls), and
 * lines too long to read without scrolling. The finding is hidden-text.ts's, shared with the CLI,
 * which escapes the same characters; this module cuts the text into lines and parts so a view can
 * draw each hidden character as a visible mark in its place. Pure: no DOM.
 */
import {
  findHiddenChars,
  findLongLines,
  type HiddenChar,
  type LongLine,
} from '../../src-main/core/runbook/hidden-text.js';

export type { HiddenChar, LongLine };

/** What one text holds that a reader would miss. */
export interface TextFlags {
  hidden: HiddenChar[];
  long: LongLine[];
}

/** A piece of a line: ordinary text, or one hidden character to draw as a mark. */
export type RevealedPart = string | HiddenChar;

/** One line of a text, cut at its hidden characters. */
export interface RevealedLine {
  /** 1-based, as the notice and the CLI number lines. */
  number: number;
  long: boolean;
  parts: RevealedPart[];
}

/** Distinct texts remembered: the notebook re-renders its cells often, with the same step texts. */
const CACHE_LIMIT = 1000;
const cache = new Map<string, TextFlags>();

/** The hidden characters and long lines of a text (remembered per text). */
export function textFlags(text: string): TextFlags {
  let flags = cache.get(text);
  if (!flags) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    flags = { hidden: findHiddenChars(text), long: findLongLines(text) };
    cache.set(text, flags);
  }
  return flags;
}

/** True when the text holds anything a reader would not see as written. */
export function isFlagged(flags: TextFlags): boolean {
  return flags.hidden.length > 0 || flags.long.length > 0;
}

/** True when the text holds a character that does not show on screen. */
export function hasHiddenChars(text: string): boolean {
  return textFlags(text).hidden.length > 0;
}

/** Cuts one line at the hidden characters found in it (columns in code points). */
function cutLine(content: string, found: readonly HiddenChar[]): RevealedPart[] {
  if (found.length === 0) return content === '' ? [] : [content];
  const at = new Map(found.map((h) => [h.column, h]));
  const parts: RevealedPart[] = [];
  let plain = '';
  let column = 0;
  for (const ch of content) {
    column += 1;
    const hidden = at.get(column);
    if (!hidden) {
      plain += ch;
      continue;
    }
    if (plain) parts.push(plain);
    plain = '';
    parts.push(hidden);
  }
  if (plain) parts.push(plain);
  return parts;
}

/** The text's lines with every hidden character cut out as a part of its own. */
export function revealLines(text: string, flags: TextFlags = textFlags(text)): RevealedLine[] {
  const long = new Set(flags.long.map((l) => l.line));
  const byLine = new Map<number, HiddenChar[]>();
  for (const h of flags.hidden) byLine.set(h.line, [...(byLine.get(h.line) ?? []), h]);
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.map((content, i) => ({
    number: i + 1,
    long: long.has(i + 1),
    parts: cutLine(content, byLine.get(i + 1) ?? []),
  }));
}

/** One line of text (a folded step's first line, a title) with its hidden characters cut out. */
export function revealInline(line: string): RevealedPart[] {
  return revealLines(line.replace(/\n/g, ' '))[0]?.parts ?? [];
}

/** The kinds of hidden characters found, each with how often and on which lines. */
export function hiddenSummary(
  hidden: readonly HiddenChar[],
): Array<{ name: string; codePoint: string; count: number; lines: number[] }> {
  const groups = new Map<
    string,
    { name: string; codePoint: string; count: number; lines: number[] }
  >();
  for (const h of hidden) {
    const group = groups.get(h.codePoint) ?? {
      name: h.name,
      codePoint: h.codePoint,
      count: 0,
      lines: [],
    };
    group.count += 1;
    if (!group.lines.includes(h.line)) group.lines.push(h.line);
    groups.set(h.codePoint, group);
  }
  return [...groups.values()];
}
