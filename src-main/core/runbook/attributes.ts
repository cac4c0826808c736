/**
 * Fence info strings: the language and the attribute block in either of Runme's forms,
 * `{"name":"x","sudo":"true"}` (JSON) or `{ name=x sudo=true confirm="Reboots it" }`.
 * Then the typed meaning of each attribute, with a problem for every value that is wrong.
 */
import { PLATFORMS, type Platform, type StepKind, type StepRules } from './model.js';

/** One attribute as written, with its offset inside the info string (for the column). */
export interface RawAttribute {
  key: string;
  value: string;
  offset: number;
}

/** What a fence's info string says. */
export interface InfoString {
  language: string;
  attributes: RawAttribute[];
  /** Offset of the `{`, when there is a block. */
  braceOffset?: number;
  /** The block is in neither form (reported at `offset`). */
  error?: { offset: number; message: string };
  /** Text after the language that is not an attribute block, ignored. */
  ignored?: { offset: number; text: string };
}

/** A step name, an explicit one or a derived one. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const STEP_KINDS_BY_ATTRIBUTE: ReadonlySet<string> = new Set(['command', 'config', 'display']);

/** Splits an info string such as `sh { name=x }` into language and attributes. */
export function parseInfoString(info: string): InfoString {
  const language = /^[^\s{]*/.exec(info)?.[0] ?? '';
  const restStart = language.length;
  const rest = info.slice(restStart);
  const brace = rest.indexOf('{');
  if (brace === -1) {
    const text = rest.trim();
    return text
      ? { language, attributes: [], ignored: { offset: restStart + rest.indexOf(text), text } }
      : { language, attributes: [] };
  }
  const braceOffset = restStart + brace;
  const before = rest.slice(0, brace).trim();
  const block = info.slice(braceOffset).trimEnd();
  const neither = (message: string): InfoString => ({
    language,
    attributes: [],
    braceOffset,
    error: { offset: braceOffset, message },
  });
  if (before) return neither(`unexpected text "${before}" before the attribute block`);
  if (!block.endsWith('}')) return neither('the attribute block has no closing "}"');
  const json = parseJsonBlock(block, braceOffset);
  if (json) return { language, attributes: json, braceOffset };
  const pairs = parseKeyValueBlock(block, braceOffset);
  if (pairs) return { language, attributes: pairs, braceOffset };
  return neither(
    'the attribute block is neither JSON ({"name":"x"}) nor key=value ({ name=x }) form',
  );
}

function parseJsonBlock(block: string, base: number): RawAttribute[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(block);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const out: RawAttribute[] = [];
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) return undefined;
    const at = block.indexOf(JSON.stringify(key));
    out.push({ key, value: String(value), offset: base + Math.max(0, at) });
  }
  return out;
}

const KEY_VALUE = /\s*([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"'}]+)/y;

function parseKeyValueBlock(block: string, base: number): RawAttribute[] | undefined {
  const inner = block.slice(1, -1);
  const out: RawAttribute[] = [];
  KEY_VALUE.lastIndex = 0;
  let position = 0;
  while (inner.slice(position).trim() !== '') {
    KEY_VALUE.lastIndex = position;
    const match = KEY_VALUE.exec(inner);
    if (!match) return undefined;
    const key = match[1] as string;
    const written = match[2] as string;
    const offset = base + 1 + match.index + (match[0].length - match[0].trimStart().length);
    out.push({ key, value: unquote(written), offset });
    position = KEY_VALUE.lastIndex;
    if (position < inner.length && !/\s/.test(inner[position] as string)) return undefined;
  }
  return out;
}

function unquote(written: string): string {
  if (written.startsWith('"')) return written.slice(1, -1).replace(/\\(.)/g, '$1');
  if (written.startsWith("'")) return written.slice(1, -1);
  return written;
}

/** Typed attribute values, ready to go into a Step. */
export interface StepAttributes {
  name?: string;
  kind?: StepKind;
  platforms?: Platform[];
  sudo?: boolean;
  interactive?: boolean;
  excludeFromRunAll?: boolean;
  timeout?: number;
  cwd?: string;
  artifacts?: string[];
  expect?: number[];
  confirm?: string;
  /** `optional`, `alternative`, `openEnded`, `expect=fail`, `device`: how the step counts. */
  rules?: StepRules;
}

/** Reports a problem with one attribute (the caller knows the line and column). */
export type AttributeReporter = (
  attribute: RawAttribute,
  severity: 'error' | 'warning',
  message: string,
) => void;

/** Reads one attribute's value into `out`, or calls `error` saying what the value should be. */
type AttributeReader = (
  value: string,
  out: StepAttributes,
  error: (message: string) => void,
) => void;

function flag(set: (out: StepAttributes, on: boolean) => void): AttributeReader {
  return (value, out, error) => {
    const on = parseBoolean(value);
    if (on === undefined) error(`"${value}" is not true or false`);
    else set(out, on);
  };
}

function rule<K extends keyof StepRules>(key: K, value: StepRules[K] | undefined) {
  return (out: StepAttributes): void => {
    const rules = { ...out.rules };
    if (value === undefined) delete rules[key];
    else rules[key] = value;
    out.rules = rules;
  };
}

/**
 * Every attribute Runlog understands, by name, with how its value is read. Anything else is
 * reported as a warning and kept for display. A new attribute is one more row here.
 */
export const ATTRIBUTE_READERS: Readonly<Record<string, AttributeReader>> = {
  name: (value, out, error) => {
    if (NAME_PATTERN.test(value)) out.name = value;
    else
      error(
        `"${value}" is not a name (letters, digits, ".", "_", "-"; starting with a letter or digit)`,
      );
  },
  kind: (value, out, error) => {
    if (STEP_KINDS_BY_ATTRIBUTE.has(value)) out.kind = value as StepKind;
    else error(`"${value}" is not one of command, config, display`);
  },
  platform: (value, out, error) => void (out.platforms = parsePlatforms(value, error)),
  sudo: flag((out, on) => (out.sudo = on)),
  interactive: flag((out, on) => (out.interactive = on)),
  excludeFromRunAll: flag((out, on) => (out.excludeFromRunAll = on)),
  timeout: (value, out, error) => {
    if (/^[0-9]+(\.[0-9]+)?$/.test(value) && Number(value) > 0) out.timeout = Number(value);
    else error(`"${value}" is not a positive number of seconds`);
  },
  cwd: (value, out, error) => checkCwd(value, out, error),
  artifacts: (value, out, error) => void (out.artifacts = parseArtifacts(value, error)),
  expect: (value, out, error) => readExpect(value, out, error),
  confirm: (value, out) => void (out.confirm = value),
  optional: flag((out, on) => rule('optional', on ? true : undefined)(out)),
  openEnded: flag((out, on) => rule('openEnded', on ? true : undefined)(out)),
  alternative: (value, out, error) => {
    const alternative = parseAlternative(value);
    if (alternative) rule('alternative', alternative)(out);
    else
      error(
        `"${value}" is not GROUP or GROUP:OPTION (each a name: letters, digits, ".", "_", "-")`,
      );
  },
  device: (value, out, error) => {
    if (value === 'required') rule('deviceRequired', true)(out);
    else if (value === 'optional') rule('deviceRequired', undefined)(out);
    else error(`"${value}" is not required or optional`);
  },
};

/** Attributes Runlog understands; anything else is reported as a warning and kept for display. */
export const KNOWN_ATTRIBUTES: ReadonlySet<string> = new Set(Object.keys(ATTRIBUTE_READERS));

/** Gives each known attribute its type; unknown ones and bad values go to `report`. */
export function typeAttributes(
  attributes: RawAttribute[],
  report: AttributeReporter,
): StepAttributes {
  const out: StepAttributes = {};
  const seen = new Set<string>();
  for (const attribute of attributes) {
    const { key, value } = attribute;
    const error = (message: string): void =>
      report(attribute, 'error', `attribute ${key}: ${message}`);
    if (seen.has(key)) error('given twice; the last one counts');
    seen.add(key);
    const read = Object.hasOwn(ATTRIBUTE_READERS, key) ? ATTRIBUTE_READERS[key] : undefined;
    if (!read) {
      report(attribute, 'warning', `unknown attribute "${key}" is ignored`);
      continue;
    }
    read(value.trim(), out, error);
  }
  return out;
}

/** `GROUP` (the step is an option by itself) or `GROUP:OPTION` (steps sharing it are one option). */
export function parseAlternative(value: string): StepRules['alternative'] | undefined {
  const [group, option, extra] = value.split(':');
  if (extra !== undefined || !group || !NAME_PATTERN.test(group)) return undefined;
  if (option === undefined) return { group, option: '' };
  return NAME_PATTERN.test(option) ? { group, option } : undefined;
}

function parseBoolean(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
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

/** Splits a relative path into its parts, or says why it is not a relative path. */
function relativePathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (/^([A-Za-z]:|[\\/]|~)/.test(path)) return 'must be relative to the run folder';
  if (/[\0\n]/.test(path)) return 'contains a NUL or line break';
  return undefined;
}

function checkCwd(value: string, out: StepAttributes, error: (message: string) => void): void {
  const problem = relativePathProblem(value);
  if (problem) {
    error(`"${value}" ${problem}`);
    return;
  }
  let depth = 0;
  for (const part of value.split(/[\\/]+/)) {
    if (part === '..') depth -= 1;
    else if (part !== '.' && part !== '') depth += 1;
    if (depth < 0) {
      error(`"${value}" leaves the run folder`);
      return;
    }
  }
  out.cwd = value;
}

function parseArtifacts(value: string, error: (message: string) => void): string[] {
  const out: string[] = [];
  for (const glob of value.split(',').map((g) => g.trim())) {
    const problem = relativePathProblem(glob);
    if (problem) error(`"${glob}" ${problem}`);
    else if (glob.split(/[\\/]+/).includes('..')) error(`"${glob}" must not contain ".."`);
    else out.push(glob);
  }
  return out;
}

/**
 * `expect`: accepted exit codes (`0`, `0,1`), or `fail` for any non-zero one. A list without 0
 * means the step is meant to fail (a "before" probe that shows the problem): its success is
 * then flagged rather than taken as a pass.
 */
function readExpect(value: string, out: StepAttributes, error: (message: string) => void): void {
  if (value.toLowerCase() === 'fail') {
    out.expect = [];
    rule('expectFailure', true)(out);
    return;
  }
  const codes: number[] = [];
  for (const code of value.split(',').map((c) => c.trim())) {
    if (/^[0-9]{1,3}$/.test(code) && Number(code) <= 255) codes.push(Number(code));
    else error(`"${code}" is not an exit code (0–255) or "fail"`);
  }
  if (codes.length === 0) return;
  out.expect = codes;
  rule('expectFailure', codes.includes(0) ? undefined : true)(out);
}
