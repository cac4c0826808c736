/**
 * Fence info strings: the language, then the attribute block in either of Runme's forms, JSON
 * (`{"name":"x","sudo":"true"}`) or key=value (`{ name=x sudo=true confirm="Reboots it" }`), where
 * a key without a value means true (`{ name=x background }`). Like Runme, a block that cannot be
 * read loses its attributes, never the step; what was ignored is said, at its column.
 */

/** One attribute as written, with its offset inside the info string (for the column). */
export interface RawAttribute {
  key: string;
  value: string;
  offset: number;
  /** Written as a bare key (`background`): taken as true, which Runme's parser does not do. */
  bare?: true;
}

/** Something in the info string that was not read, at its offset. */
export interface InfoNote {
  offset: number;
  message: string;
  /** An error when the ignored text names a gate (sudo, confirm, platform): the step must not run without it. */
  severity: 'error' | 'warning';
}

/** What a fence's info string says. */
export interface InfoString {
  language: string;
  attributes: RawAttribute[];
  /** Offset of the `{`, when there is a block. */
  braceOffset?: number;
  notes: InfoNote[];
}

/** Attributes that keep a step from running unconfirmed or on the wrong machine. */
const GATE_WORDS = /\b(sudo|confirm|platform)\b/;
const KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

function note(offset: number, ignored: string, why: string): InfoNote {
  const gate = GATE_WORDS.exec(ignored)?.[1];
  return gate
    ? {
        offset,
        severity: 'error',
        message: `${why}; it mentions "${gate}", so this step will not run until the block is fixed`,
      }
    : { offset, severity: 'warning', message: `${why}; it is ignored` };
}

/** Splits an info string such as `sh { name=x }` into language, attributes and notes. */
export function parseInfoString(info: string): InfoString {
  const language = /^[^\s{]*/.exec(info)?.[0] ?? '';
  const rest = info.slice(language.length);
  const brace = rest.indexOf('{');
  const result: InfoString = { language, attributes: [], notes: [] };
  const before = (brace === -1 ? rest : rest.slice(0, brace)).trim();
  if (before) {
    const at = language.length + rest.indexOf(before);
    result.notes.push(
      note(at, before, `text after the language is not an attribute block: "${before}"`),
    );
  }
  if (brace === -1) return result;
  const start = language.length + brace;
  result.braceOffset = start;
  const block = info.slice(start).trimEnd();
  const json = block.endsWith('}') ? parseJsonBlock(block, start) : undefined;
  if (json) {
    result.attributes = json;
    return result;
  }
  const close = block.indexOf('}');
  if (close === -1) {
    result.notes.push(note(start, block, 'the attribute block has no closing "}"'));
    return result;
  }
  readKeyValues(block.slice(1, close), start + 1, result);
  const after = block.slice(close + 1).trim();
  if (after) {
    const at = start + close + 1 + block.slice(close + 1).indexOf(after);
    result.notes.push(note(at, after, `text after the attribute block: "${after}"`));
  }
  return result;
}

/** The JSON form; every value becomes text (Runme turns numbers, booleans and the rest into JSON text). */
function parseJsonBlock(block: string, base: number): RawAttribute[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(block);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
    offset: base + Math.max(0, block.indexOf(JSON.stringify(key))),
  }));
}

/** One whitespace-separated token of the key=value form, quotes kept whole. */
function nextToken(text: string, from: number): { token: string; end: number } | undefined {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (i >= text.length) return undefined;
  const start = i;
  while (i < text.length && !/\s/.test(text[i] as string)) {
    const quote = text[i];
    if ((quote === '"' || quote === "'") && text[i - 1] === '=') {
      i++;
      while (i < text.length && text[i] !== quote) i += quote === '"' && text[i] === '\\' ? 2 : 1;
    }
    i++;
  }
  return { token: text.slice(start, Math.min(i, text.length)), end: i };
}

function unquote(written: string): string | undefined {
  const quote = written[0];
  if (quote !== '"' && quote !== "'") return written;
  if (written.length < 2 || written[written.length - 1] !== quote) return undefined;
  const inner = written.slice(1, -1);
  return quote === '"' ? inner.replace(/\\(.)/g, '$1') : inner;
}

/**
 * The key=value form: `key=value`, `key="a b"`, `key='a b'` and bare `key` (true). A token in
 * neither shape (`{ name: "x" }` is YAML, not this form) means the block is in neither of Runme's
 * forms: like Runme, nothing of it is read.
 */
function readKeyValues(inner: string, base: number, out: InfoString): void {
  const read: RawAttribute[] = [];
  for (let t = nextToken(inner, 0); t; t = nextToken(inner, t.end)) {
    const offset = base + t.end - t.token.length;
    const eq = t.token.indexOf('=');
    const key = eq === -1 ? t.token : t.token.slice(0, eq);
    const value = eq === -1 ? 'true' : unquote(t.token.slice(eq + 1));
    if (!KEY.test(key) || value === undefined) {
      const why = `the attribute block is neither JSON ({"name":"x"}) nor key=value ({ name=x }): "${t.token}"`;
      out.notes.push(note(base - 1, inner, why));
      return;
    }
    read.push(eq === -1 ? { key, value, offset, bare: true } : { key, value, offset });
  }
  out.attributes = read;
}
