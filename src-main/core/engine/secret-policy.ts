/**
 * How secret parameter values are found in text that is about to be stored: the one rule shared
 * by the byte stream of a step's output (secret-redactor.ts), the text as a terminal shows it
 * (history/plain-text.ts) and the parameter form, which warns about very short secrets. Pure: no
 * Node, no DOM, so the renderer can import it too.
 *
 * A value of SHORT_SECRET_LENGTH characters or more is redacted wherever it appears. A shorter
 * one (a 3-digit PIN) would blank out every "123" in ordinary output, so it is redacted only as a
 * whole token: not glued to letters or digits on a side where the value itself starts or ends
 * with one. Even so a short secret may redact ordinary text ("PIN 123" and "exit 123" alike);
 * the form says so.
 */

import { REDACTED } from '../run-model.js';

/** What replaces a secret value in anything stored. */
export const REDACTED_MARK = REDACTED;

/** Values shorter than this are matched as whole tokens only. */
export const SHORT_SECRET_LENGTH = 4;

/** The warning a parameter form shows for a short secret value, or undefined when it is long enough. */
export function shortSecretWarning(value: string): string | undefined {
  const length = [...value].length;
  if (length === 0 || length >= SHORT_SECRET_LENGTH) return undefined;
  return (
    `This secret is only ${length} character${length === 1 ? '' : 's'} long. It is redacted from ` +
    'the record only where it stands alone as a word, and then it may also blank out the same ' +
    'characters in ordinary output (a port, an exit code, a count).'
  );
}

/** Text or bytes searched for secrets. */
export interface Haystack<N> {
  length: number;
  indexOf(needle: N, from: number): number;
  /** True when the unit at `i` is a letter, a digit or `_` (or part of a non-ASCII character). */
  isWord(i: number): boolean;
}

/** One secret value prepared for searching. */
export interface Needle<N> {
  value: N;
  length: number;
  /** Matched only as a whole token. */
  short: boolean;
  /** Whether its first and last units are word units (the token rule checks only those sides). */
  wordStart: boolean;
  wordEnd: boolean;
}

/** The secret occurrences to replace, and where an undecided one starts (more input may decide). */
export interface MatchResult {
  /** [start, end) in the haystack, left to right, never overlapping. */
  matches: Array<[number, number]>;
  /** A short value found at the very end: its next unit, not yet seen, decides. */
  undecidedFrom?: number;
}

/**
 * Finds the occurrences to redact. `before` says whether the unit just before the haystack is a
 * word unit; `complete` that nothing follows it. At one start the longest value wins; an
 * occurrence overlapping one already taken is skipped.
 */
export function findSecrets<N>(
  hay: Haystack<N>,
  needles: readonly Needle<N>[],
  before: { word: boolean },
  complete: boolean,
): MatchResult {
  const found: Array<[number, number]> = [];
  let undecidedFrom: number | undefined;
  for (const needle of needles) {
    for (let at = hay.indexOf(needle.value, 0); at !== -1; at = hay.indexOf(needle.value, at + 1)) {
      const end = at + needle.length;
      if (needle.short) {
        const prevWord = at > 0 ? hay.isWord(at - 1) : before.word;
        if (needle.wordStart && prevWord) continue;
        if (needle.wordEnd && end >= hay.length && !complete) {
          undecidedFrom = Math.min(undecidedFrom ?? at, at);
          continue;
        }
        if (needle.wordEnd && end < hay.length && hay.isWord(end)) continue;
      }
      found.push([at, end]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const matches: Array<[number, number]> = [];
  for (const m of found) {
    const last = matches.at(-1);
    if (!last || m[0] >= last[1]) matches.push(m);
  }
  return { matches, undecidedFrom };
}

/** A letter, digit or `_` (any script). */
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** The secret values as needles over text: distinct, non-empty, longest first. */
export function textNeedles(values: readonly string[]): Needle<string>[] {
  return [...new Set(values.filter((v) => typeof v === 'string' && v !== ''))]
    .sort((a, b) => b.length - a.length)
    .map((value) => ({
      value,
      length: value.length,
      short: [...value].length < SHORT_SECRET_LENGTH,
      wordStart: WORD_CHAR.test(value[0]!),
      wordEnd: WORD_CHAR.test(value.at(-1)!),
    }));
}

/** Replaces every secret value in a finished text (what a terminal showed, a note, a detail). */
export function redactText(text: string, values: readonly string[]): string {
  const needles = textNeedles(values);
  if (needles.length === 0 || text === '') return text;
  const hay: Haystack<string> = {
    length: text.length,
    indexOf: (needle, from) => text.indexOf(needle, from),
    isWord: (i) => WORD_CHAR.test(text[i]!),
  };
  const { matches } = findSecrets(hay, needles, { word: false }, true);
  let out = '';
  let from = 0;
  for (const [start, end] of matches) {
    out += text.slice(from, start) + REDACTED_MARK;
    from = end;
  }
  return out + text.slice(from);
}
