/**
 * The front matter keys, one reader each: Runlog's (title, id, platforms, params…) and Runme's
 * where they mean the same thing (shell, cwd, skipPrompts, terminalRows, category/tag, runme).
 * A key Runlog cannot use is a warning; only what would run steps wrongly (a platform it does
 * not know, a parameter declared wrongly) is an error about the runbook.
 */
import { isMap, isScalar, type Node as YamlNode, type Pair } from 'yaml';
import {
  NAME_PATTERN,
  parsePlatforms,
  parseRunmeBoolean,
  parseTerminalRows,
} from './attribute-values.js';
import { readParams } from './front-matter-params.js';
import type { ParamSpec, Platform } from './model.js';
import type { ProblemList } from './problems.js';
import { listOf, text, type At } from './yaml-nodes.js';

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
  cwd?: string;
  skipPrompts?: boolean;
  terminalRows?: number;
  categories?: string[];
  runme?: { id?: string; version?: string };
  /** First line of the Markdown body (1 when there is no front matter). */
  bodyLine: number;
}

/** Where a key reader reports, at the key's value. */
interface Report {
  error(message: string): void;
  warn(message: string): void;
  at: At;
  problems: ProblemList;
}

/** One key's reader: `where` is the value's place (the key's when the value has none). */
type KeyReader = (
  value: YamlNode | null,
  fm: FrontMatter,
  report: Report,
  where: [number, number],
) => void;

function line(key: 'title' | 'summary' | 'source'): KeyReader {
  return (value, fm, report) => {
    const written = text(value);
    if (written === undefined) report.warn(`${key} should be a line of text; it is ignored`);
    else fm[key] = written;
  };
}

function categories(value: YamlNode | null, fm: FrontMatter, warn: (m: string) => void): void {
  const items = listOf(value);
  if (!items) warn('should be a word or a list of words; it is ignored');
  else fm.categories = [...(fm.categories ?? []), ...items.map((i) => i.value).filter(Boolean)];
}

/** Every front matter key Runlog reads. A new key is one more row here. */
const KEY_READERS: Readonly<Record<string, KeyReader>> = {
  title: line('title'),
  summary: line('summary'),
  source: line('source'),
  id: (value, fm, report) => {
    const written = text(value);
    if (written !== undefined && NAME_PATTERN.test(written)) fm.id = written;
    else
      report.warn(
        `id "${written ?? ''}" is not a slug (letters, digits, ".", "_", "-"); the id comes from the file name`,
      );
  },
  platforms: (value, fm, report) => {
    const items = listOf(value);
    if (!items) return report.error('platforms must be a list of darwin, linux, win32');
    fm.platforms = items.flatMap((item) =>
      parsePlatforms(item.value, (m) =>
        report.problems.error(...report.at(item.node), `platforms: ${m}`),
      ),
    );
  },
  tags: (value, fm, report) => {
    const items = listOf(value);
    if (!items) report.warn('tags should be a list of words');
    else fm.tags = items.map((item) => item.value).filter((tag) => tag !== '');
  },
  shell: (value, fm, report) => {
    const written = text(value)?.trim();
    if (written) fm.shell = written;
    else report.warn('shell should be a shell name or path (bash, /bin/ksh); it is ignored');
  },
  params: (value, fm, report, where) => {
    fm.params = readParams(value, report.problems, report.at, where);
  },
  cwd: (value, fm, report) => {
    const written = text(value);
    if (written && !/[\0\n]/.test(written)) fm.cwd = written;
    else report.warn('cwd should be a folder (relative to this file, or absolute); it is ignored');
  },
  skipPrompts: (value, fm, report) => {
    const on =
      isScalar(value) && typeof value.value === 'boolean'
        ? value.value
        : parseRunmeBoolean(text(value) ?? '');
    if (on === undefined)
      report.warn("skipPrompts should be true or false; Runme's default (false) is used");
    else fm.skipPrompts = on;
  },
  terminalRows: (value, fm, report) => {
    const rows = parseTerminalRows(text(value) ?? '');
    if (rows) fm.terminalRows = rows;
    else report.warn('terminalRows should be a number of rows (1–1000); it is ignored');
  },
  category: (value, fm, report) => categories(value, fm, (m) => report.warn(`category ${m}`)),
  tag: (value, fm, report) => categories(value, fm, (m) => report.warn(`tag ${m}`)),
  runme: (value, fm, report) => {
    if (!isMap(value)) return report.warn('runme should be a map (id, version); it is ignored');
    const get = (k: string) => text(value.get(k, true) as YamlNode | undefined);
    fm.runme = {
      ...(get('id') ? { id: get('id') } : {}),
      ...(get('version') ? { version: get('version') } : {}),
    };
  },
};

/** Reads one key of the front matter into `fm`. */
export function readKey(
  pair: Pair<YamlNode, YamlNode>,
  fm: FrontMatter,
  problems: ProblemList,
  at: At,
): void {
  const key = text(pair.key) ?? '';
  const where = at(pair.value, pair.key);
  const read = Object.hasOwn(KEY_READERS, key) ? KEY_READERS[key] : undefined;
  if (!read) {
    problems.warn(...at(pair.key), `unknown front matter key "${key}" is ignored`);
    return;
  }
  const report: Report = {
    error: (m) => problems.error(...where, m),
    warn: (m) => problems.warn(...where, m),
    at,
    problems,
  };
  read(pair.value, fm, report, where);
}
