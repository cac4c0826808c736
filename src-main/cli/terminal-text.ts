/**
 * Text from data (runbook text, titles, ids, paths, notes, verify findings) on its way to a
 * terminal. A terminal obeys escape sequences, so a title holding `ESC[1A ESC[2K` could rewrite
 * lines printed before it, and a bidirectional override could show a command other than the one
 * that runs. Every such character is printed as a visible escape (`\x1b`, `\u202e`) instead.
 * A running step's own live output is the one thing that reaches the terminal as it is.
 */

/**
 * C0 controls, DEL, C1 controls, and the invisible or direction-changing characters of Unicode:
 * zero-width spaces and joiners, the bidirectional marks, embeddings, overrides and isolates,
 * the line and paragraph separators, and the byte-order mark.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

function escapeOne(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The text with every control, invisible or direction-changing character shown as an escape.
 * With `multiline`, line feeds (and tabs) stay as they are so a block of text keeps its shape;
 * a carriage return is always escaped, since it moves the cursor back over what was printed.
 */
export function visible(text: string, options: { multiline?: boolean } = {}): string {
  return String(text).replace(UNSAFE, (ch) =>
    options.multiline && (ch === '\n' || ch === '\t') ? ch : escapeOne(ch),
  );
}
