/**
 * ANSI styling for the CLI's own messages: only when the stream is a terminal, and never when
 * NO_COLOR is set (https://no-color.org: present and not empty). A step's own output is never
 * restyled; it reaches the terminal as the step wrote it.
 */

const CODES = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36' } as const;
export type StyleName = keyof typeof CODES;

/** A stream that may be a terminal. */
export interface MaybeTty {
  isTTY?: boolean;
}

/** True when text written to `stream` may carry ANSI styling. */
export function stylesOn(stream: MaybeTty, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** Returns a painter for `stream`: styled text on a terminal, the text as it is otherwise. */
export function painter(
  stream: MaybeTty,
  env: NodeJS.ProcessEnv = process.env,
): (style: StyleName | StyleName[], text: string) => string {
  if (!stylesOn(stream, env)) return (_style, text) => text;
  return (style, text) => {
    const codes = (Array.isArray(style) ? style : [style]).map((s) => CODES[s]).join(';');
    return `\x1b[${codes}m${text}\x1b[0m`;
  };
}
