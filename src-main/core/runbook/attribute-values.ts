/**
 * The small value languages of attributes and front matter: booleans (Runlog's and Go's, which
 * Runme uses), platform lists, artifact globs, exit codes, alternatives and names.
 */
import { PLATFORMS, type Platform, type PromptEnvMode, type StepRules } from './model.js';

/** A step name, an explicit one or a derived one. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `true` / `false` in any letter case, as Runlog has always read them. */
export function parseBoolean(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

/** Go's `strconv.ParseBool` words, which Runme reads its own booleans with (and true/false in any case). */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** A boolean as Runme reads one; undefined when Runme would fall back to the default. */
export function parseRunmeBoolean(value: string): boolean | undefined {
  if (GO_TRUE.has(value)) return true;
  if (GO_FALSE.has(value)) return false;
  return parseBoolean(value);
}

const PLATFORM_HINTS: Record<string, Platform> = {
  macos: 'darwin',
  mac: 'darwin',
  osx: 'darwin',
  windows: 'win32',
  win: 'win32',
  win64: 'win32',
};

/** Parses a platform list (comma-separated); unknown names are errors with a hint. */
export function parsePlatforms(value: string, error: (message: string) => void): Platform[] {
  const out: Platform[] = [];
  for (const part of value.split(',').map((p) => p.trim())) {
    if ((PLATFORMS as readonly string[]).includes(part)) {
      if (!out.includes(part as Platform)) out.push(part as Platform);
      continue;
    }
    const hint = PLATFORM_HINTS[part.toLowerCase()];
    const suffix = hint ? ` (did you mean ${hint}?)` : '';
    error(`unknown platform "${part}"${suffix}; use ${PLATFORMS.join(', ')}`);
  }
  return out;
}

/** Why a glob is not a path relative to the run folder, or undefined. */
function relativePathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (/^([A-Za-z]:|[\\/]|~)/.test(path)) return 'must be relative to the run folder';
  if (/[\0\n]/.test(path)) return 'contains a NUL or line break';
  if (path.split(/[\\/]+/).includes('..')) return 'must not contain ".."';
  return undefined;
}

/** Comma list of artifact globs, each relative to the run folder and never leaving it. */
export function parseArtifacts(value: string, error: (message: string) => void): string[] {
  const out: string[] = [];
  for (const glob of value.split(',').map((g) => g.trim())) {
    const problem = relativePathProblem(glob);
    if (problem) error(`"${glob}" ${problem}`);
    else out.push(glob);
  }
  return out;
}

/**
 * `expect`: accepted exit codes (`0`, `0,1`), or `fail` for any non-zero one. A list without 0
 * means the step is meant to fail (a "before" probe that shows the problem): its success is
 * then flagged rather than taken as a pass.
 */
export function parseExpect(
  value: string,
  error: (message: string) => void,
): { codes: number[]; expectFailure: boolean } | undefined {
  if (value.toLowerCase() === 'fail') return { codes: [], expectFailure: true };
  const codes: number[] = [];
  for (const code of value.split(',').map((c) => c.trim())) {
    if (/^[0-9]{1,3}$/.test(code) && Number(code) <= 255) codes.push(Number(code));
    else error(`"${code}" is not an exit code (0–255) or "fail"`);
  }
  return codes.length === 0 ? undefined : { codes, expectFailure: !codes.includes(0) };
}

/** `GROUP` (the step is an option by itself) or `GROUP:OPTION` (steps sharing it are one option). */
export function parseAlternative(value: string): StepRules['alternative'] | undefined {
  const [group, option, extra] = value.split(':');
  if (extra !== undefined || !group || !NAME_PATTERN.test(group)) return undefined;
  if (option === undefined) return { group, option: '' };
  return NAME_PATTERN.test(option) ? { group, option } : undefined;
}

/** A comma list of words (categories, tags), empty items dropped. */
export function parseWordList(value: string): string[] {
  return value
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

/** Rows of a terminal: a whole number from 1 to this (the API refuses larger sizes too). */
export const MAX_TERMINAL_ROWS = 1000;

/** A positive whole number of terminal rows, or undefined. */
export function parseTerminalRows(value: string): number | undefined {
  if (!/^[0-9]{1,4}$/.test(value.trim())) return undefined;
  const rows = Number(value.trim());
  return rows >= 1 && rows <= MAX_TERMINAL_ROWS ? rows : undefined;
}

/** Reads `promptEnv` as Runme does: yes/true/1 ask always, no/false/0 never, auto as written. */
export function parsePromptEnv(value: string): PromptEnvMode | undefined {
  const lower = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'always', 't'].includes(lower)) return 'always';
  if (['0', 'false', 'no', 'never', 'f'].includes(lower)) return 'never';
  if (lower === 'auto') return 'auto';
  return undefined;
}
