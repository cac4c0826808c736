/**
 * What Runme reads in the text of a shell cell before running it: leading `$ ` prompts (copied
 * from a terminal session) that are not part of the command, and the variables the cell exports,
 * which the operator may be asked for (promptEnv).
 */
import type { EnvPrompt } from './model.js';

/** `$ ` (or a lone `$`) at the very start of a line: a prompt, not part of the command. */
const PROMPT = /^\$(?:[ \t]|$)/;

/**
 * The text with leading `$ ` prompts removed, or undefined when it has none. Only a `$` followed
 * by a blank (or nothing) is a prompt: `$HOME/bin/tool` and `${X}` stay as written.
 */
export function stripPrompts(text: string): string | undefined {
  const lines = text.split('\n');
  if (!lines.some((line) => PROMPT.test(line))) return undefined;
  return lines.map((line) => (PROMPT.test(line) ? line.replace(PROMPT, '') : line)).join('\n');
}

/** `export NAME`, `export NAME=value`, a trailing comment allowed. */
const EXPORT =
  /^(\s*)export\s+([A-Za-z_][A-Za-z0-9_]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?\s*(?:#.*)?$/;
/** A value the shell would compute (expansion, substitution, operators): never asked for. */
const COMPUTED = /[$`()\\;&|<>{}]/;

/** The literal a written value stands for, or undefined when the shell computes it. */
function literalOf(written: string): string | undefined {
  const quote = written[0];
  if (quote === '"' || quote === "'") {
    if (written.length < 2 || written[written.length - 1] !== quote) return undefined;
    const inner = written.slice(1, -1);
    if (inner.includes(quote) || (quote === '"' && COMPUTED.test(inner))) return undefined;
    return inner;
  }
  return COMPUTED.test(written) || /["']/.test(written) ? undefined : written;
}

/**
 * The variables a shell step exports with a value written out (or none), which promptEnv may ask
 * for; `firstLine` is the file line of the step's first text line.
 */
export function exportPrompts(script: string, firstLine: number): EnvPrompt[] {
  const prompts: EnvPrompt[] = [];
  const seen = new Set<string>();
  script.split('\n').forEach((line, index) => {
    const match = EXPORT.exec(line);
    if (!match) return;
    const name = match[2] as string;
    const value = match[3] === undefined ? '' : literalOf(match[3]);
    if (value === undefined || seen.has(name)) return;
    seen.add(name);
    prompts.push({ name, value, line: firstLine + index });
  });
  return prompts;
}

/**
 * The script with the `export` line of each answered variable reduced to `export NAME`: the
 * operator's value reaches the step through its environment, never through its text.
 */
export function withAnswers(
  script: string,
  prompts: readonly EnvPrompt[],
  answered: ReadonlySet<string>,
  firstLine: number,
): string {
  const lines = script.split('\n');
  for (const prompt of prompts) {
    if (!answered.has(prompt.name)) continue;
    const index = prompt.line - firstLine;
    const match = EXPORT.exec(lines[index] ?? '');
    if (match?.[2] === prompt.name) lines[index] = `${match[1]}export ${prompt.name}`;
  }
  return lines.join('\n');
}
