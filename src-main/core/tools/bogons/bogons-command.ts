/**
 * `runlog bogons`: Team Cymru's bogon list as a Cisco IOS or ASA ACL. Fixes the faults of the
 * script it replaces: HTTPS instead of plain HTTP, `host` for a /32, IPv6 that keeps neighbour
 * discovery working, a final permit so an IOS list does not drop everything, an ASA block that
 * never permits, and no output at all when the list has a line it cannot read.
 * `runlog bogons check` proves what a written ACL does (see check-command.ts).
 */
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { readToolOptions, UsageError } from '../tool-args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type ToolIO } from '../tool-io.js';
import { ACL_FORMATS, aclNameProblem, renderAcl, type AclFormat } from './acl-format.js';
import { describeBadLines } from './bogon-list.js';
import { checkCommand } from './check-command.js';
import { BOGONS_HELP } from './bogons-help.js';
import {
  DEFAULT_TIMEOUT_SECONDS,
  loadList,
  readCa,
  resolveSource,
  type ListSource,
  type LoadedList,
} from './list-source.js';

/** A longer wait means the network is down; the cache is the better answer then. */
const MAX_TIMEOUT_SECONDS = 600;

/** Parsed and checked command line. */
interface BogonsOptions {
  source: ListSource;
  format: AclFormat;
  name: string;
  permit: boolean;
  skipInvalid: boolean;
  timeoutMs: number;
  caFile?: string;
  out?: string;
  saveList?: string;
}

/** Entry point of `runlog bogons`; returns the exit status. */
export async function bogonsCommand(argv: string[], io: ToolIO): Promise<number> {
  if (argv[0] === 'check') return checkCommand(argv.slice(1), io);
  let options: BogonsOptions;
  try {
    const parsed = readOptions(argv, io.cwd);
    if (parsed === 'help') {
      io.stdout(BOGONS_HELP);
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
  const values = readToolOptions(argv, {
    list: { type: 'string' },
    source: { type: 'string' },
    format: { type: 'string', default: 'ios' },
    name: { type: 'string', default: 'BOGONS' },
    'no-permit': { type: 'boolean', default: false },
    'skip-invalid': { type: 'boolean', default: false },
    timeout: { type: 'string' },
    ca: { type: 'string' },
    out: { type: 'string' },
    'save-list': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  if (!(ACL_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${ACL_FORMATS.join(', ')}`);
  }
  const nameProblem = aclNameProblem(values.name);
  if (nameProblem) throw new UsageError(`--name: ${nameProblem}`);
  if (values.out !== undefined && values.out === values['save-list']) {
    throw new UsageError('--out and --save-list name the same file');
  }
  return {
    source: resolveSource(values.list, values.source, cwd),
    format: values.format as AclFormat,
    name: values.name,
    permit: !values['no-permit'],
    skipInvalid: values['skip-invalid'],
    timeoutMs: readTimeout(values.timeout) * 1000,
    caFile: values.ca === undefined ? undefined : path.resolve(cwd, values.ca),
    out: values.out === undefined ? undefined : path.resolve(cwd, values.out),
    saveList:
      values['save-list'] === undefined ? undefined : path.resolve(cwd, values['save-list']),
  };
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

async function convert(options: BogonsOptions, io: ToolIO): Promise<number> {
  const extraCa = await readCa(options.caFile);
  const loaded: LoadedList = await loadList(options.source, { ...options, extraCa }, io);
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
  if (options.saveList !== undefined) {
    await writeFileAtomic(options.saveList, loaded.text);
    io.stderr(`wrote the list as read from ${label} to ${options.saveList}\n`);
  }
  if (options.out === undefined) {
    io.stdout(acl);
  } else {
    await writeFileAtomic(options.out, acl);
    io.stderr(`wrote ${list.entries.length} prefixes (${options.format}) to ${options.out}\n`);
  }
  return EXIT_OK;
}
