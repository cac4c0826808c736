/**
 * The front matter at the top of the file: YAML (or JSON) between `---` lines, or TOML between
 * `+++` lines, as Runme reads both. Either is read into the same YAML nodes, so every key has one
 * reader (front-matter-keys.ts), and every finding is placed on the file's own line and column.
 */
import {
  Document,
  LineCounter,
  isMap,
  parseDocument,
  type Node as YamlNode,
  type Pair,
} from 'yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import { readKey, type FrontMatter } from './front-matter-keys.js';
import type { ProblemList } from './problems.js';
import { text, type At } from './yaml-nodes.js';

export type { FrontMatter } from './front-matter-keys.js';

/** The delimiter lines of each format Runlog reads. */
const DELIMITERS = { yaml: ['---', '...'], toml: ['+++'] } as const;

/** Finds and reads the front matter of `lines` (the file split on LF). */
export function readFrontMatter(lines: string[], problems: ProblemList): FrontMatter {
  const result: FrontMatter = { tags: [], params: [], bodyLine: 1 };
  const first = (lines[0] ?? '').trimEnd();
  const format = first === '---' ? 'yaml' : first === '+++' ? 'toml' : undefined;
  if (!format) return result;
  const closers: readonly string[] = DELIMITERS[format];
  const close = lines.findIndex((l, i) => i > 0 && closers.includes(l.trimEnd()));
  if (close === -1) {
    problems.error(
      1,
      1,
      `the front matter starts with "${first}" but has no closing "${first}" line`,
    );
    return result;
  }
  result.bodyLine = close + 2;
  const body = lines.slice(1, close);
  const read = format === 'yaml' ? yamlDocument(body, problems) : tomlDocument(body, problems);
  if (!read) return result;
  const { contents, at } = read;
  if (contents === null) return result;
  if (!isMap(contents)) {
    problems.error(...at(contents), 'front matter must be a map of keys (title: …, params: …)');
    return result;
  }
  for (const pair of contents.items)
    readKey(pair as Pair<YamlNode, YamlNode>, result, problems, at);
  return result;
}

interface ReadDocument {
  contents: YamlNode | null;
  at: At;
}

function yamlDocument(body: string[], problems: ProblemList): ReadDocument | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(body.join('\n'), { lineCounter, uniqueKeys: true });
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
  if (doc.errors.length > 0) return undefined;
  return { contents: doc.contents as YamlNode | null, at };
}

/**
 * TOML: parsed with smol-toml, then turned into YAML nodes. Those nodes have no place in the
 * text, so a finding is placed on the line that sets its key (`key =` or `[key]`).
 */
function tomlDocument(body: string[], problems: ProblemList): ReadDocument | undefined {
  let data: Record<string, unknown>;
  try {
    data = parseToml(body.join('\n')) as Record<string, unknown>;
  } catch (err) {
    const e = err as TomlError;
    const first = (e.message ?? String(err)).split('\n')[0] ?? 'invalid TOML';
    problems.error((e.line ?? 1) + 1, e.column ?? 1, `front matter (TOML): ${first}`);
    return undefined;
  }
  const lineOfKey = (key: string): [number, number] => {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(
      `^\\s*(?:"${escaped}"|'${escaped}'|${escaped})\\s*=|^\\s*\\[\\s*${escaped}\\s*\\]`,
    );
    const index = body.findIndex((l) => pattern.test(l));
    return index === -1 ? [2, 1] : [index + 2, 1];
  };
  const at: At = (node, fallback) => lineOfKey(text(fallback ?? null) ?? text(node) ?? '');
  return { contents: new Document(data).contents as YamlNode | null, at };
}
