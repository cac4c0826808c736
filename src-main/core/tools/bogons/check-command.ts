/**
 * `runlog bogons check`: the review step of the bogon runbook. It reads the ACL that is about
 * to be pasted into a router and the list it was built from, and fails, naming the line, when
 * the ACL would cut the network off or leave a bogon out.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readToolOptions, UsageError } from '../tool-args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type ToolIO } from '../tool-io.js';
import { ACL_FORMATS, aclNameProblem, type AclFormat } from './acl-format.js';
import { checkAcl } from './acl-check.js';
import { describeBadLines } from './bogon-list.js';
import { CHECK_HELP } from './bogons-help.js';
import { loadList, resolveSource, type ListSource } from './list-source.js';

/** Problems printed one by one; past this the rest are counted, so a wrong file stays readable. */
const PROBLEMS_SHOWN = 40;

interface CheckOptions {
  acl: string;
  aclLabel: string;
  format: AclFormat;
  name?: string;
  source: ListSource;
}

/** Entry point of `runlog bogons check`; returns the exit status. */
export async function checkCommand(argv: string[], io: ToolIO): Promise<number> {
  let options: CheckOptions;
  try {
    const parsed = readOptions(argv, io.cwd);
    if (parsed === 'help') {
      io.stdout(CHECK_HELP);
      return EXIT_OK;
    }
    options = parsed;
  } catch (error) {
    io.stderr(
      `runlog bogons check: ${(error as Error).message}\nTry "runlog bogons check --help".\n`,
    );
    return EXIT_USAGE;
  }
  try {
    return await check(options, io);
  } catch (error) {
    io.stderr(`runlog bogons check: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
}

function readOptions(argv: string[], cwd: string): CheckOptions | 'help' {
  const values = readToolOptions(argv, {
    acl: { type: 'string' },
    format: { type: 'string', default: 'ios' },
    name: { type: 'string' },
    list: { type: 'string' },
    source: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  if (values.acl === undefined || values.acl === '') throw new UsageError('--acl FILE is required');
  if (!(ACL_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${ACL_FORMATS.join(', ')}`);
  }
  if (values.name !== undefined) {
    const problem = aclNameProblem(values.name);
    if (problem) throw new UsageError(`--name: ${problem}`);
  }
  if (values.list === undefined && values.source === undefined) {
    throw new UsageError('say which list the ACL was built from: --source FILE or --list NAME');
  }
  return {
    acl: path.resolve(cwd, values.acl),
    aclLabel: values.acl,
    format: values.format as AclFormat,
    name: values.name,
    source: resolveSource(values.list, values.source, cwd),
  };
}

async function check(options: CheckOptions, io: ToolIO): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(options.acl, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${options.aclLabel}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const loaded = await loadList(options.source, { timeoutMs: 0, offline: true }, io);
  if (loaded.list.problems.length > 0) {
    io.stderr(describeBadLines(loaded.label, loaded.list.problems));
    io.stderr(`runlog bogons check: note: those lines of ${loaded.label} are not prefixes\n`);
  }
  if (loaded.list.entries.length === 0) throw new Error(`${loaded.label} holds no prefixes`);
  const report = checkAcl(text, {
    dialect: options.format,
    list: loaded.list.entries,
    listLabel: loaded.label,
    name: options.name,
  });
  for (const p of report.problems.slice(0, PROBLEMS_SHOWN)) {
    io.stderr(`${options.aclLabel}:${p.line}: ${p.message}\n`);
  }
  const count = report.problems.length;
  if (count > PROBLEMS_SHOWN) io.stderr(`… and ${count - PROBLEMS_SHOWN} more problems\n`);
  if (count > 0) {
    io.stderr(
      `runlog bogons check: ${options.aclLabel} is not safe to apply: ${count} problem(s)\n`,
    );
    return EXIT_FAILURE;
  }
  for (const line of report.proven) io.stdout(`${line}\n`);
  io.stdout(`OK: ${options.aclLabel} (${options.format}) does what a bogon filter should\n`);
  return EXIT_OK;
}
