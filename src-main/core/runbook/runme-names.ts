/**
 * The names Runme gives code cells, so a Runme user's `--step echo-hello` finds the same cell in
 * Runlog. Runme's rules: a cell's `name` attribute, else its first line that is not a comment
 * (leading `$` removed; before any `=`, so `export FOO=1` is `export-foo`), cut to 32 bytes, its
 * first two space-separated words, lower-cased, keeping only a–z and 0–9, joined by `-`. Every
 * fenced block counts, in document order; a name seen before gets `-2`, `-3`…
 */

/** Runme cuts the line it names a cell from to this many bytes. */
const NAME_SOURCE_BYTES = 32;

/** The first line of a cell that is not blank or a comment, `$` prompts and comments removed. */
export function firstCommandLine(text: string): string {
  const lines = text.split('\n').map((l) => l.replace(/^\$+/, '').trimEnd());
  for (const line of lines) {
    const code = (line.trim().split('#')[0] ?? '').trimEnd();
    if (code !== '') return code;
  }
  return lines[0] ?? '';
}

/** Runme's name for a first command line: `echo "Hello, world"` → `echo-hello`. */
export function runmeNameOf(line: string): string {
  const eq = line.indexOf('=');
  if (eq > 0) return runmeNameOf(line.slice(0, eq));
  const bytes = new TextEncoder().encode(line).subarray(0, NAME_SOURCE_BYTES);
  const cut = new TextDecoder().decode(bytes);
  const words = cut.split(' ').slice(0, 2).join(' ');
  let out = '';
  for (const ch of words.toLowerCase()) {
    if (ch === ' ' && out.length > 0) out += '-';
    else if (/[a-z0-9]/.test(ch)) out += ch;
  }
  return out;
}

/** One fenced block as Runme names it: its `name` attribute (when written) and its text. */
export interface RunmeCell {
  name?: string;
  text: string;
}

/** Runme's name for every block, in order, numbered as Runme numbers repeats. */
export function runmeNames(cells: readonly RunmeCell[]): string[] {
  const counts = new Map<string, number>();
  return cells.map((cell) => {
    const base = cell.name ? cell.name : runmeNameOf(firstCommandLine(cell.text));
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}
