/**
 * Adding `(ENABLE=BROKEN)` to tnsnames.ora DESCRIPTIONs so that SQL*Net asks the OS for TCP
 * keepalives and a firewall does not silently drop idle sessions. The edit is a pure insertion:
 * take the inserted text back out and the original file is there, byte for byte.
 */
import { parseTnsnames, type TnsGroup } from './tns-parser.js';
import { descriptionsOf, enableBrokenChildren, selectEntries, unquote } from './tns-queries.js';
import type { Token } from './tns-tokenizer.js';

export { UnknownAliasError } from './tns-queries.js';

/** One DESCRIPTION that received `(ENABLE=BROKEN)`. */
export interface EnableBrokenChange {
  /** First alias of the entry (what a person calls it). */
  alias: string;
  aliases: string[];
  /** 1-based line of the `(DESCRIPTION` in the original text. */
  line: number;
  /** Offset in the original text where `inserted` goes. */
  offset: number;
  inserted: string;
}

/** What {@link enableBroken} did. */
export interface EnableBrokenResult {
  output: string;
  changed: EnableBrokenChange[];
  /** DESCRIPTIONs in scope that already had ENABLE=BROKEN. */
  alreadyEnabled: number;
  /** `IFILE` lines: the files they include are not edited by this pass. */
  includes: Array<{ line: number; path: string }>;
}

/** Options for {@link enableBroken}. */
export interface EnableBrokenOptions {
  /** Only the entries with one of these aliases (any letter case); default: every entry. */
  aliases?: string[];
}

/**
 * Adds the missing `(ENABLE=BROKEN)` to every DESCRIPTION in scope. Throws TnsSyntaxError for a
 * malformed file and UnknownAliasError for an alias the file lacks; the text is never half-edited.
 */
export function enableBroken(text: string, options: EnableBrokenOptions = {}): EnableBrokenResult {
  const file = parseTnsnames(text);
  const entries = selectEntries(file.entries, options.aliases);
  const result: EnableBrokenResult = { output: text, changed: [], alreadyEnabled: 0, includes: [] };
  for (const entry of file.entries) {
    if (entry.aliases.some((a) => a.toUpperCase() === 'IFILE') && entry.bare) {
      result.includes.push({ line: entry.line, path: unquote(entry.bare.text) });
    }
  }
  for (const entry of entries) {
    for (const description of descriptionsOf(entry.groups)) {
      if (enableBrokenChildren(description).length > 0) {
        result.alreadyEnabled += 1;
        continue;
      }
      const { offset, inserted } = placeInsertion(text, description);
      result.changed.push({
        alias: entry.aliases[0],
        aliases: entry.aliases,
        line: description.open.line,
        offset,
        inserted,
      });
    }
  }
  const byOffset = [...result.changed].sort((a, b) => b.offset - a.offset);
  for (const change of byOffset) {
    const out = result.output;
    result.output = out.slice(0, change.offset) + change.inserted + out.slice(change.offset);
  }
  return result;
}

/**
 * Where and what to insert: on a line of its own, indented like the next parameter, when that
 * parameter starts on a later line than `DESCRIPTION =`; inline before it otherwise. The spacing
 * around `=` and the letter case follow the DESCRIPTION keyword's own.
 */
function placeInsertion(text: string, description: TnsGroup): { offset: number; inserted: string } {
  const atom = enableAtom(text, description);
  const next: Token = description.first;
  if (next.line === description.eq.line) return { offset: next.start, inserted: atom };
  const lineEnd = text.indexOf('\n', description.eq.end);
  const eol = text[lineEnd - 1] === '\r' ? '\r\n' : '\n';
  const nextLineStart = text.lastIndexOf('\n', next.start - 1) + 1;
  const indent = text.slice(nextLineStart, next.start);
  return { offset: lineEnd + 1, inserted: `${indent}${atom}${eol}` };
}

function enableAtom(text: string, description: TnsGroup): string {
  const spaced = /\s/.test(text[description.eq.start - 1] ?? '');
  const atom = spaced ? '(ENABLE = BROKEN)' : '(ENABLE=BROKEN)';
  const lower = description.keyword === description.keyword.toLowerCase();
  return lower ? atom.toLowerCase() : atom;
}
