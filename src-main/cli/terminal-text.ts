/**
 * Text from data (runbook text, titles, ids, paths, notes, verify findings) on its way to a
 * terminal. A terminal obeys escape sequences, so a title holding `ESC[1A ESC[2K` could rewrite
 * lines printed before it, and a bidirectional override could show a command other than the one
 * that runs. Every such character is printed as a visible escape (`\x1b`, `\u202e`) instead;
 * which characters those are is decided once, in core/runbook/hidden-text.ts, for the CLI and
 * the UI alike. A running step's own live output is the one thing that reaches the terminal as
 * it is.
 */
import { escapeHidden } from '../core/runbook/hidden-text.js';

/**
 * The text with every control, invisible or direction-changing character shown as an escape.
 * With `multiline`, line feeds (and tabs) stay as they are so a block of text keeps its shape;
 * a carriage return is always escaped, since it moves the cursor back over what was printed.
 */
export function visible(text: string, options: { multiline?: boolean } = {}): string {
  return escapeHidden(text, options);
}

/** A value from data printed inside a line: escaped, and quoted when empty so it still shows. */
export function field(value: unknown): string {
  const text = visible(String(value ?? ''));
  return text === '' ? '""' : text;
}

/**
 * `--json` output that is also safe on a terminal: JSON already escapes C0 controls, and here
 * every other hidden character (DEL, C1, bidirectional, zero-width, tags) is written as a
 * `\uXXXX` escape too. The document parses to the same value.
 */
export function visibleJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[^\x20-\x7e\n]/gu, (ch) => {
    if (visible(ch) === ch) return ch;
    const code = ch.codePointAt(0)!;
    if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
    const hi = Math.floor((code - 0x10000) / 0x400) + 0xd800;
    const lo = ((code - 0x10000) % 0x400) + 0xdc00;
    return `\\u${hi.toString(16)}\\u${lo.toString(16)}`;
  });
}
