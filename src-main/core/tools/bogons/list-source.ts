/**
 * Where a bogon list comes from: one of Team Cymru's lists, another URL, a local file (a copy
 * made on a connected machine, for a network without Internet access), or a list built into
 * Runlog. Shared by the command that builds an ACL and the one that checks it, so both read a
 * source the same way.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../tool-args.js';
import type { ToolIO } from '../tool-io.js';
import { parseBogonList, type BogonList } from './bogon-list.js';
import {
  BUILTIN_LISTS,
  builtinListText,
  isBuiltinList,
  type BuiltinList,
} from './builtin-lists.js';
import { describeAge, fetchText, readCache, writeCache } from './fetch-source.js';

/** Team Cymru's published lists, fetched from {@link BOGON_BASE_URL}. */
export const TEAM_CYMRU_LISTS = ['bogon-bn-agg', 'fullbogons-ipv4', 'fullbogons-ipv6'] as const;
/** Every name `--list` accepts: Team Cymru's lists, then the built-in ones. */
export const BOGON_LISTS: readonly string[] = [...TEAM_CYMRU_LISTS, ...BUILTIN_LISTS];
/** Where Team Cymru publishes them (HTTPS; the old cymru.com/Documents URL is gone). */
export const BOGON_BASE_URL = 'https://www.team-cymru.org/Services/Bogons/';
/** Long enough for the 2 MB IPv6 list on a slow link, short enough for a runbook step. */
export const DEFAULT_TIMEOUT_SECONDS = 15;

/** A source as the command line named it. */
export type ListSource =
  | { kind: 'url'; url: string }
  | { kind: 'file'; path: string; label: string }
  | { kind: 'builtin'; name: BuiltinList };

/** Turns `--list` / `--source` into a source; throws {@link UsageError} for a bad one. */
export function resolveSource(
  list: string | undefined,
  source: string | undefined,
  cwd: string,
): ListSource {
  if (list !== undefined && source !== undefined) {
    throw new UsageError('give either --list or --source, not both');
  }
  if (source !== undefined) {
    if (/^https?:\/\//i.test(source)) return { kind: 'url', url: new URL(source).toString() };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
      throw new UsageError(`--source: only http(s) URLs or file paths are accepted: ${source}`);
    }
    if (source === '') throw new UsageError('--source is empty');
    return { kind: 'file', path: path.resolve(cwd, source), label: source };
  }
  const name = list ?? TEAM_CYMRU_LISTS[0];
  if (isBuiltinList(name)) return { kind: 'builtin', name };
  if (!BOGON_LISTS.includes(name)) {
    throw new UsageError(`--list must be one of ${BOGON_LISTS.join(', ')}`);
  }
  return { kind: 'url', url: `${BOGON_BASE_URL}${name}.txt` };
}

/** A parsed list, its text as read, and the words that say where it came from and how fresh. */
export interface LoadedList {
  list: BogonList;
  text: string;
  label: string;
  dated: string;
}

/** How to fetch a URL source. */
export interface LoadOptions {
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM). */
  extraCa?: string;
  /** Never touch the network: a URL is read from its cached copy only. */
  offline?: boolean;
  /** Whether a body with bad lines may still be used (the caller skips them). */
  skipInvalid?: boolean;
}

/** Reads the source; throws an Error a person can read when there is nothing to read. */
export async function loadList(
  source: ListSource,
  options: LoadOptions,
  io: ToolIO,
): Promise<LoadedList> {
  if (source.kind === 'builtin') {
    const text = builtinListText(source.name);
    return { list: parseBogonList(text), text, label: source.name, dated: 'built into runlog' };
  }
  if (source.kind === 'file') return loadFile(source.path, source.label);
  if (options.offline) return loadCached(source.url, io, undefined);
  return loadUrl(source.url, options, io);
}

async function loadFile(file: string, label: string): Promise<LoadedList> {
  let text: string;
  let modified: Date;
  try {
    text = await fs.readFile(file, 'utf8');
    modified = (await fs.stat(file)).mtime;
  } catch (error) {
    throw new Error(`cannot read ${label}: ${(error as Error).message}`, { cause: error });
  }
  return { list: parseBogonList(text), text, label, dated: `file dated ${isoSeconds(modified)}` };
}

/**
 * Downloads the list; a download that fails, or whose body is not a usable list, falls back to
 * the last good copy with a warning. Only a body with no bad line becomes the new good copy.
 */
async function loadUrl(url: string, options: LoadOptions, io: ToolIO): Promise<LoadedList> {
  let failure: string;
  let fresh: LoadedList | undefined;
  try {
    const text = await fetchText(url, { timeoutMs: options.timeoutMs, extraCa: options.extraCa });
    const fetchedAt = new Date();
    const list = parseBogonList(text);
    fresh = { list, text, label: url, dated: `fetched ${isoSeconds(fetchedAt)}` };
    if (list.entries.length > 0 && list.problems.length === 0) {
      await writeCache(io.dataDir, url, text, fetchedAt).catch((error: Error) => {
        io.stderr(`runlog bogons: warning: could not cache ${url}: ${error.message}\n`);
      });
      return fresh;
    }
    if (list.entries.length > 0 && options.skipInvalid) return fresh;
    const firstBad = list.problems[0];
    failure = firstBad
      ? `the answer has ${list.problems.length} line(s) that are not valid prefixes ` +
        `(line ${firstBad.line}: ${firstBad.reason})`
      : 'the answer holds no prefixes';
  } catch (error) {
    failure = (error as Error).message;
  }
  try {
    return await loadCached(url, io, failure);
  } catch (error) {
    // Let the caller list the bad lines: they say more than "no cached copy" does.
    if (fresh && fresh.list.problems.length > 0) return fresh;
    throw error;
  }
}

/** The last good copy of `url`; `failure` says why the network was not used, for the warning. */
async function loadCached(
  url: string,
  io: ToolIO,
  failure: string | undefined,
): Promise<LoadedList> {
  const cached = await readCache(io.dataDir, url);
  if (!cached) {
    const why = failure ? `${failure}; and there` : 'there';
    throw new Error(`${why} is no cached copy of ${url} to fall back on`);
  }
  if (failure !== undefined) {
    const age = describeAge(Date.now() - cached.fetchedAt.getTime());
    io.stderr(
      `runlog bogons: warning: ${failure}; using the cached copy fetched ` +
        `${isoSeconds(cached.fetchedAt)} (${age} old)\n`,
    );
  }
  return {
    list: parseBogonList(cached.text),
    text: cached.text,
    label: url,
    dated: `cached copy fetched ${isoSeconds(cached.fetchedAt)}`,
  };
}

/** The `--ca` file plus NODE_EXTRA_CA_CERTS (which an explicit CA list would otherwise hide). */
export async function readCa(caFile: string | undefined): Promise<string | undefined> {
  if (caFile === undefined) return undefined;
  const files = [caFile, process.env.NODE_EXTRA_CA_CERTS].filter(
    (f): f is string => typeof f === 'string' && f !== '',
  );
  const texts: string[] = [];
  for (const file of files) {
    try {
      texts.push(await fs.readFile(file, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read CA file ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return texts.join('\n');
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
