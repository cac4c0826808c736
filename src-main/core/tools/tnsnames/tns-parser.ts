/**
 * The structure of tnsnames.ora: entries `ALIAS[, ALIAS…] = value`, where the value is one or
 * one `(KEYWORD = …)` group holding others nested to any depth (or a bare word, as in `IFILE = path`). The
 * parser is strict about structure, because a file it misreads would be rewritten wrongly.
 */
import { TnsSyntaxError, tokenize, type Token } from './tns-tokenizer.js';

export { TnsSyntaxError } from './tns-tokenizer.js';

/** One `(KEYWORD = …)` group with its tokens, so edits can be placed exactly. */
export interface TnsGroup {
  keyword: string;
  open: Token;
  eq: Token;
  close: Token;
  children: TnsGroup[];
  /** Non-group tokens of the value (words, quoted strings, stray `=` or `,`). */
  values: Token[];
  /** The token right after `=` (a value, a child's `(`, or this group's `)`). */
  first: Token;
}

/** One entry of the file: its names and its value. */
export interface TnsEntry {
  aliases: string[];
  /** Line of the first alias. */
  line: number;
  groups: TnsGroup[];
  /** The bare value of entries like `IFILE = /path/file.ora`. */
  bare?: Token;
}

/** A whole parsed file. */
export interface TnsFile {
  entries: TnsEntry[];
}

/** Parses tnsnames.ora text; throws {@link TnsSyntaxError} naming the line and column at fault. */
export function parseTnsnames(text: string): TnsFile {
  const parser = new Parser(tokenize(text));
  return { entries: parser.entries() };
}

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  entries(): TnsEntry[] {
    const entries: TnsEntry[] = [];
    while (this.peek()) entries.push(this.entry());
    return entries;
  }

  private entry(): TnsEntry {
    const first = this.next();
    if (first.kind !== 'word') throw junk(first);
    const aliases = [first.text];
    while (this.peek()?.kind === ',') {
      this.next();
      const name = this.peek();
      if (name?.kind !== 'word') throw at(name ?? first, 'expected another alias name after ","');
      aliases.push(this.next().text);
    }
    const eq = this.peek();
    if (eq?.kind !== '=') {
      throw at(eq ?? first, `expected "=" after the alias ${aliases.join(', ')}`);
    }
    this.next();
    const entry: TnsEntry = { aliases, line: first.line, groups: [] };
    const value = this.peek();
    if (value?.kind === 'word' || value?.kind === 'quoted') {
      entry.bare = this.next();
      return entry;
    }
    if (value?.kind !== '(') throw at(value ?? eq, `expected a value after "${aliases[0]} ="`);
    entry.groups.push(this.group());
    return entry;
  }

  private group(): TnsGroup {
    const open = this.next();
    const keyword = this.peek();
    if (keyword?.kind !== 'word') throw at(keyword ?? open, 'expected a keyword after "("');
    this.next();
    const eq = this.peek();
    if (eq?.kind !== '=') throw at(eq ?? keyword, `expected "=" after ${keyword.text}`);
    this.next();
    const first = this.peek();
    if (!first) throw unclosed(open);
    const group: TnsGroup = {
      keyword: keyword.text,
      open,
      eq,
      close: first,
      children: [],
      values: [],
      first,
    };
    for (;;) {
      const token = this.peek();
      if (!token) throw unclosed(open);
      if (token.kind === ')') {
        group.close = this.next();
        return group;
      }
      if (token.kind === '(') {
        group.children.push(this.group());
        continue;
      }
      if (token.column === 1 && token.kind === 'word' && startsEntry(this.tokens[this.pos + 1])) {
        throw new TnsSyntaxError(
          `"(" is not closed before the next entry ${token.text} (line ${token.line})`,
          open.line,
          open.column,
        );
      }
      group.values.push(this.next());
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.tokens[this.pos];
    this.pos += 1;
    return token;
  }
}

/** A word in the first column followed by `=` or `,` is how an entry begins (Oracle's own rule). */
function startsEntry(after: Token | undefined): boolean {
  return after?.kind === '=' || after?.kind === ',';
}

function at(token: Token, message: string): TnsSyntaxError {
  return new TnsSyntaxError(message, token.line, token.column);
}

function unclosed(open: Token): TnsSyntaxError {
  return at(open, 'this "(" is never closed (unbalanced parenthesis)');
}

/** Explains a token found where an entry should begin. */
function junk(token: Token): TnsSyntaxError {
  switch (token.kind) {
    case ')':
      return at(token, 'unbalanced ")": no "(" is open here');
    case '(':
      return at(
        token,
        '"(" outside any entry: expected "ALIAS =" before it (or the entry above closed early: ' +
          'look for an extra ")")',
      );
    case '=':
      return at(token, '"=" with no alias name before it');
    default:
      return at(token, `unexpected ${token.text} outside any entry: expected "ALIAS = (…)"`);
  }
}
