/**
 * `runlog bogons`: Team Cymru's bogon list as a Cisco IOS or ASA ACL. Fixes the faults of the
 * script it replaces: HTTPS instead of plain HTTP, `host` for a /32, IPv6, a final permit so the
 * ACL does not drop everything, and no output at all when the list has a line it cannot read.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../atomic-write.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type ToolIO } from '../tool-io.js';
import { ACL_FORMATS, aclNameProblem, renderAcl, type AclFormat } from './acl-format.js';
import { describeBadLines, parseBogonList, type BogonList } from './bogon-list.js';
import { describeAge, fetchText, readCache, writeCache } from './fetch-source.js';

/** Team Cymru's published lists that `--list` may name. */
export const BOGON_LISTS = ['bogon-bn-agg', 'fullbogons-ipv4', 'fullbogons-ipv6'] as const;
/** Where Team Cymru publishes them (HTTPS; the old cymru.com/Documents URL is gone). */
export const BOGON_BASE_URL = 'https://www.team-cymru.org/Services/Bogons/';
/** Long enough for the 2 MB IPv6 list on a slow link, short enough for a runbook step. */
const DEFAULT_TIMEOUT_SECONDS = 15;
/** A longer wait means the network is down; the cache is the better answer then. */
const MAX_TIMEOUT_SECONDS = 600;

const HELP = `Usage: runlog bogons [options]

Turns a Team Cymru bogon list into an ACL that drops traffic from bogon sources.

Source (one of):
  --list NAME        bogon-bn-agg (default), fullbogons-ipv4 or fullbogons-ipv6,
                     fetched from ${BOGON_BASE_URL}NAME.txt
  --source URL|FILE  another http(s) URL or a local file
Output:
  --format FORMAT    ios (default): ip access-list extended NAME / ipv6 access-list
                     NAME (NAME-v6 when the list also has IPv4 prefixes);
                     asa: access-list NAME extended deny ip NET NETMASK any
                     (IPv6 prefixes as NET/LEN, accepted by ASA 9.x);
                     plain: one prefix a line
  --name NAME        ACL name (default BOGONS): a letter, then letters, digits, _ . -
  --no-permit        leave out the final "permit ip any any" (without it the ACL
                     drops ALL traffic; only for ACLs you complete by hand)
  --out FILE         write to FILE (atomically) instead of standard output
Input checks:
  --skip-invalid     skip lines that are not valid prefixes (with a warning)
                     instead of refusing the whole list
Network:
  --timeout SECONDS  deadline for the download (default ${DEFAULT_TIMEOUT_SECONDS})
  --ca FILE          extra trusted CA certificate (PEM); NODE_EXTRA_CA_CERTS is
                     honoured too
The last good copy of each URL is kept in <data dir>/cache/bogons/ and used, with
a warning giving its age, when the download fails.

The ACL is added to any existing ACL of the same name: remove the old one first or
use a new name, then swap it on the interface.
Exit status: 0 done, 1 failed (bad list, no network and no cached copy), 2 bad usage.
`;

/** Parsed and checked command line. */
interface BogonsOptions {
  source: { kind: 'url'; url: string } | { kind: 'file'; path: string; label: string };
  format: AclFormat;
  name: string;
  permit: boolean;
  skipInvalid: boolean;
  timeoutMs: number;
  caFile?: string;
  out?: string;
}

class UsageError extends Error {}

/** Entry point of `runlog bogons`; returns the exit status. */
export async function bogonsCommand(argv: string[], io: ToolIO): Promise<number> {
  let options: BogonsOptions;
  try {
    const parsed = readOptions(argv, io.cwd);
    if (parsed === 'help') {
      io.stdout(HELP);
      return EXIT_OK;
    }
    options = parsed;
  } catch (error) {
    io.stderr(`runlog bogons: ${(error as Error).message}\nTry "runlog bogons --help".\n`);
    return EXIT_USAGE;
  }
  try {
    return await convert(options, io);
  } catch (error) {
    io.stderr(`runlog bogons: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
}

function readOptions(argv: string[], cwd: string): BogonsOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        list: { type: 'string' },
        source: { type: 'string' },
        format: { type: 'string', default: 'ios' },
        name: { type: 'string', default: 'BOGONS' },
        'no-permit': { type: 'boolean', default: false },
        'skip-invalid': { type: 'boolean', default: false },
        timeout: { type: 'string' },
        ca: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  if (!(ACL_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${ACL_FORMATS.join(', ')}`);
  }
  const nameProblem = aclNameProblem(values.name);
  if (nameProblem) throw new UsageError(`--name: ${nameProblem}`);
  return {
    source: readSource(values.list, values.source, cwd),
    format: values.format as AclFormat,
    name: values.name,
    permit: !values['no-permit'],
    skipInvalid: values['skip-invalid'],
    timeoutMs: readTimeout(values.timeout) * 1000,
    caFile: values.ca === undefined ? undefined : path.resolve(cwd, values.ca),
    out: values.out === undefined ? undefined : path.resolve(cwd, values.out),
  };
}

function readSource(
  list: string | undefined,
  source: string | undefined,
  cwd: string,
): BogonsOptions['source'] {
  if (list !== undefined && source !== undefined) {
    throw new UsageError('give either --list or --source, not both');
  }
  if (source !== undefined) {
    if (/^https?:\/\//i.test(source)) return { kind: 'url', url: new URL(source).toString() };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
      throw new UsageError(`--source: only http(s) URLs or file paths are accepted: ${source}`);
    }
    return { kind: 'file', path: path.resolve(cwd, source), label: source };
  }
  const name = list ?? BOGON_LISTS[0];
  if (!(BOGON_LISTS as readonly string[]).includes(name)) {
    throw new UsageError(`--list must be one of ${BOGON_LISTS.join(', ')}`);
  }
  return { kind: 'url', url: `${BOGON_BASE_URL}${name}.txt` };
}

function readTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(text);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(
      `--timeout must be a number of seconds above 0, at most ${MAX_TIMEOUT_SECONDS}`,
    );
  }
  return seconds;
}

/** A parsed list with the words that say where it came from and how fresh it is. */
interface LoadedList {
  list: BogonList;
  label: string;
  dated: string;
}

async function convert(options: BogonsOptions, io: ToolIO): Promise<number> {
  const loaded =
    options.source.kind === 'file'
      ? await loadFile(options.source.path, options.source.label)
      : await loadUrl(options.source.url, options, io);
  const { list, label } = loaded;
  if (list.problems.length > 0 && !options.skipInvalid) {
    io.stderr(describeBadLines(label, list.problems));
    io.stderr(
      `runlog bogons: ${list.problems.length} line(s) of ${label} are not valid prefixes; ` +
        'nothing was written (fix the list, or pass --skip-invalid to leave them out)\n',
    );
    return EXIT_FAILURE;
  }
  for (const p of list.problems) io.stderr(`${label}:${p.line}: skipped: ${p.reason}\n`);
  if (list.entries.length === 0) throw new Error(`${label} holds no prefixes; nothing was written`);
  const remarks = [`bogons from ${label}`, loaded.dated];
  if (list.lastUpdated) remarks.push(`list ${list.lastUpdated.text}`);
  const acl = renderAcl(list.entries, { ...options, remarks });
  if (options.out === undefined) {
    io.stdout(acl);
  } else {
    await writeFileAtomic(options.out, acl);
    io.stderr(`wrote ${list.entries.length} prefixes (${options.format}) to ${options.out}\n`);
  }
  return EXIT_OK;
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
  return { list: parseBogonList(text), label, dated: `file dated ${isoSeconds(modified)}` };
}

/**
 * Downloads the list; a download that fails, or whose body is not a usable list, falls back to
 * the last good copy with a warning. Only a body with no bad line becomes the new good copy.
 */
async function loadUrl(url: string, options: BogonsOptions, io: ToolIO): Promise<LoadedList> {
  const extraCa = await readCa(options);
  let failure: string;
  let fresh: LoadedList | undefined;
  try {
    const text = await fetchText(url, { timeoutMs: options.timeoutMs, extraCa });
    const fetchedAt = new Date();
    const list = parseBogonList(text);
    fresh = { list, label: url, dated: `fetched ${isoSeconds(fetchedAt)}` };
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
  const cached = await readCache(io.dataDir, url);
  if (!cached) {
    // Let the caller list the bad lines: they say more than "no cached copy" does.
    if (fresh && fresh.list.problems.length > 0) return fresh;
    throw new Error(`${failure}; and there is no cached copy of it to fall back on`);
  }
  const age = describeAge(Date.now() - cached.fetchedAt.getTime());
  io.stderr(
    `runlog bogons: warning: ${failure}; using the cached copy fetched ` +
      `${isoSeconds(cached.fetchedAt)} (${age} old)\n`,
  );
  return {
    list: parseBogonList(cached.text),
    label: url,
    dated: `cached copy fetched ${isoSeconds(cached.fetchedAt)}`,
  };
}

/** The `--ca` file plus NODE_EXTRA_CA_CERTS (which an explicit CA list would otherwise hide). */
async function readCa(options: BogonsOptions): Promise<string | undefined> {
  if (options.caFile === undefined) return undefined;
  const files = [options.caFile, process.env.NODE_EXTRA_CA_CERTS].filter(
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
