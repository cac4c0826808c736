/**
 * The YAML front matter (`---` … `---` at the top of the file): runbook fields and parameter
 * declarations. Every finding is placed on the file's own line and column, not the YAML's.
 */
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node as YamlNode,
  type Pair,
} from 'yaml';
import { NAME_PATTERN, parsePlatforms } from './attributes.js';
import { PARAM_TYPES, type ParamSpec, type ParamType, type Platform } from './model.js';
import { compilePattern, matchesType, reservedNameProblem, validateParam } from './params.js';
import type { ProblemList } from './problems.js';

/** What the front matter says, with defaults left to the caller. */
export interface FrontMatter {
  title?: string;
  id?: string;
  summary?: string;
  source?: string;
  platforms?: Platform[];
  tags: string[];
  shell?: string;
  params: ParamSpec[];
  /** First line of the Markdown body (1 when there is no front matter). */
  bodyLine: number;
}

/** Runme's keys: accepted so a Runme notebook opens, but Runlog has no use for them. */
const RUNME_KEYS = new Set(['cwd', 'skipPrompts', 'runme']);

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SHELL_NAME = /^[A-Za-z0-9._/-]+$/;
const PARAM_FIELDS = new Set([
  'type', 'label', 'description', 'default', 'required', 'pattern', 'choices', 'secret',
]); // prettier-ignore

type At = (node: YamlNode | null | undefined, fallback?: YamlNode | null) => [number, number];

/** Finds and reads the front matter of `lines` (the file split on LF). */
export function readFrontMatter(lines: string[], problems: ProblemList): FrontMatter {
  const result: FrontMatter = { tags: [], params: [], bodyLine: 1 };
  if ((lines[0] ?? '').trimEnd() !== '---') return result;
  const close = lines.findIndex(
    (l, i) => i > 0 && (l.trimEnd() === '---' || l.trimEnd() === '...'),
  );
  if (close === -1) {
    problems.error(1, 1, 'the front matter starts with "---" but has no closing "---" line');
    return result;
  }
  result.bodyLine = close + 2;
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.slice(1, close).join('\n'), { lineCounter, uniqueKeys: true });
  const at: At = (node, fallback) => {
    const range = node?.range ?? fallback?.range;
    if (!range) return [2, 1];
    const pos = lineCounter.linePos(range[0]);
    return [pos.line + 1, pos.col];
  };
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = e.linePos?.[0];
    const message = `front matter: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`;
    const report = e.name === 'YAMLWarning' ? problems.warn : problems.error;
    report.call(problems, (pos?.line ?? 1) + 1, pos?.col ?? 1, message);
  }
  if (doc.errors.length > 0 || doc.contents === null) return result;
  if (!isMap(doc.contents)) {
    problems.error(...at(doc.contents), 'front matter must be a map of keys (title: …, params: …)');
    return result;
  }
  for (const pair of doc.contents.items)
    readKey(pair as Pair<YamlNode, YamlNode>, result, problems, at);
  return result;
}

function text(node: YamlNode | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  return String(node.value);
}

function listOf(
  node: YamlNode | null | undefined,
): Array<{ value: string; node: YamlNode }> | undefined {
  if (isSeq(node)) {
    const items = node.items as YamlNode[];
    if (!items.every((item) => text(item) !== undefined)) return undefined;
    return items.map((item) => ({ value: text(item) as string, node: item }));
  }
  const single = text(node);
  if (single === undefined || !node) return undefined;
  return single.split(',').map((value) => ({ value: value.trim(), node }));
}

function readKey(
  pair: Pair<YamlNode, YamlNode>,
  fm: FrontMatter,
  problems: ProblemList,
  at: At,
): void {
  const key = text(pair.key) ?? '';
  const value = pair.value;
  const where = at(value, pair.key);
  switch (key) {
    case 'title':
    case 'summary':
    case 'source': {
      const written = text(value);
      if (written === undefined) problems.warn(...where, `${key} should be a line of text`);
      else fm[key] = written;
      return;
    }
    case 'id': {
      const written = text(value);
      if (written !== undefined && NAME_PATTERN.test(written)) fm.id = written;
      else
        problems.error(
          ...where,
          `id "${written ?? ''}" is not a slug (letters, digits, ".", "_", "-")`,
        );
      return;
    }
    case 'platforms': {
      const items = listOf(value);
      if (!items) problems.error(...where, 'platforms must be a list of darwin, linux, win32');
      else {
        fm.platforms = items.flatMap((item) =>
          parsePlatforms(item.value, (m) => problems.error(...at(item.node), `platforms: ${m}`)),
        );
      }
      return;
    }
    case 'tags': {
      const items = listOf(value);
      if (!items) problems.warn(...where, 'tags should be a list of words');
      else fm.tags = items.map((item) => item.value).filter((tag) => tag !== '');
      return;
    }
    case 'shell': {
      const written = text(value);
      if (written !== undefined && SHELL_NAME.test(written)) fm.shell = written;
      else
        problems.error(
          ...where,
          `shell "${written ?? ''}" is not a shell name or path (e.g. bash)`,
        );
      return;
    }
    case 'params':
      fm.params = readParams(value, problems, at, where);
      return;
    default:
      if (!RUNME_KEYS.has(key))
        problems.warn(...at(pair.key), `unknown front matter key "${key}" is ignored`);
  }
}

function readParams(
  node: YamlNode | null,
  problems: ProblemList,
  at: At,
  where: [number, number],
): ParamSpec[] {
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (!isMap(node)) {
    problems.error(...where, 'params must be a map: NAME: { type: …, default: … }');
    return [];
  }
  const specs: ParamSpec[] = [];
  for (const item of node.items as Array<Pair<YamlNode, YamlNode>>) {
    const spec = readParam(item, problems, at);
    if (spec) specs.push(spec);
  }
  return specs;
}

function readParam(
  pair: Pair<YamlNode, YamlNode>,
  problems: ProblemList,
  at: At,
): ParamSpec | undefined {
  const name = text(pair.key) ?? '';
  const keyAt = at(pair.key);
  if (!PARAM_NAME.test(name)) {
    problems.error(...keyAt, `parameter "${name}" must be a variable name (letters, digits, _)`);
    return undefined;
  }
  const reserved = reservedNameProblem(name);
  if (reserved !== undefined) {
    problems.error(...keyAt, reserved);
    return undefined;
  }
  const spec: ParamSpec = { name, label: name, type: 'string', required: false, secret: false };
  const value = pair.value;
  if (value === null || (isScalar(value) && value.value === null)) return spec;
  if (isScalar(value)) {
    spec.default = text(value);
    checkDefault(spec, value, problems, at);
    return spec;
  }
  if (!isMap(value)) {
    problems.error(
      ...at(value, pair.key),
      `parameter ${name} must be a map of fields or a default value`,
    );
    return undefined;
  }
  let defaultNode: YamlNode | undefined;
  for (const field of value.items as Array<Pair<YamlNode, YamlNode>>) {
    const fieldName = text(field.key) ?? '';
    const fieldAt = at(field.value, field.key);
    const bad = (message: string): void =>
      problems.error(...fieldAt, `parameter ${name}: ${message}`);
    if (!PARAM_FIELDS.has(fieldName)) {
      problems.warn(...at(field.key), `parameter ${name}: unknown field "${fieldName}" is ignored`);
      continue;
    }
    if (fieldName === 'default') defaultNode = field.value ?? undefined;
    readParamField(spec, fieldName, field.value, bad);
  }
  checkDefault(spec, defaultNode, problems, at);
  const badChoice = spec.choices?.find((choice) => !matchesType(spec.type, choice));
  if (badChoice !== undefined) {
    problems.warn(
      ...keyAt,
      `parameter ${name}: the choice "${badChoice}" is not a valid ${spec.type}`,
    );
  }
  return spec;
}

function readParamField(
  spec: ParamSpec,
  field: string,
  node: YamlNode | null,
  bad: (m: string) => void,
): void {
  const written = text(node);
  switch (field) {
    case 'type':
      if ((PARAM_TYPES as readonly string[]).includes(written ?? ''))
        spec.type = written as ParamType;
      else bad(`unknown type "${written ?? ''}"; use ${PARAM_TYPES.join(', ')}`);
      return;
    case 'label':
    case 'description':
    case 'default':
      if (written === undefined) bad(`${field} must be a single value`);
      else spec[field] = written;
      return;
    case 'required':
    case 'secret':
      if (isScalar(node) && typeof node.value === 'boolean') spec[field] = node.value;
      else bad(`${field} must be true or false`);
      return;
    case 'pattern':
      if (written === undefined) bad('pattern must be a regular expression');
      else {
        try {
          compilePattern(written);
          spec.pattern = written;
        } catch (err) {
          bad(`pattern is not a valid regular expression (${(err as Error).message})`);
        }
      }
      return;
    case 'choices': {
      const items = isSeq(node) ? listOf(node) : undefined;
      if (!items) bad('choices must be a list of values');
      else spec.choices = items.map((item) => item.value);
      return;
    }
  }
}

function checkDefault(
  spec: ParamSpec,
  node: YamlNode | null | undefined,
  problems: ProblemList,
  at: At,
): void {
  if (spec.default === undefined || spec.default === '') return;
  const message = validateParam({ ...spec, required: false }, spec.default);
  if (message) problems.warn(...at(node), `default does not pass its own rules: ${message}`);
}
