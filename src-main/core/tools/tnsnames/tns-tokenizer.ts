/**
 * The lexical layer of tnsnames.ora: parentheses, `=`, `,`, words and quoted values, with `#`
 * comments and all whitespace skipped. Every token keeps its exact offsets so that an edit can
 * be spliced into the original text without disturbing a single other byte.
 */

/** Kinds of token; punctuation tokens are their own text. */
export type TokenKind = '(' | ')' | '=' | ',' | 'word' | 'quoted';

/** One token; `start`/`end` are offsets in the text, `line`/`column` are 1-based. */
export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

/** A file that cannot be read safely; the position is where a person should look. */
export class TnsSyntaxError extends Error {
  override name = 'TnsSyntaxError';

  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const PUNCTUATION = new Set(['(', ')', '=', ',']);
/** Characters that end a bare word: whitespace, punctuation, comment and quote starts. */
const WORD_END = /[\s()=,#"']/;

/** Splits tnsnames.ora text into tokens; throws {@link TnsSyntaxError} on an unclosed quote. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n') {
      line += 1;
      lineStart = i + 1;
      i += 1;
    } else if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else {
      const end = tokenEnd(text, i, line, i - lineStart + 1);
      const kind: TokenKind = PUNCTUATION.has(ch)
        ? (ch as TokenKind)
        : ch === '"' || ch === "'"
          ? 'quoted'
          : 'word';
      tokens.push({
        kind,
        text: text.slice(i, end),
        start: i,
        end,
        line,
        column: i - lineStart + 1,
      });
      i = end;
    }
  }
  return tokens;
}

function tokenEnd(text: string, start: number, line: number, column: number): number {
  const ch = text[start];
  if (PUNCTUATION.has(ch)) return start + 1;
  if (ch === '"' || ch === "'") {
    for (let i = start + 1; i < text.length && text[i] !== '\n'; i += 1) {
      if (text[i] === ch) return i + 1;
    }
    throw new TnsSyntaxError(
      `the quoted value starting here is not closed on its line`,
      line,
      column,
    );
  }
  let i = start + 1;
  while (i < text.length && !WORD_END.test(text[i])) i += 1;
  return i;
}
