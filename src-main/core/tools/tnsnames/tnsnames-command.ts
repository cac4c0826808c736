/**
 * `runlog tnsnames enable-broken`: edits a live tnsnames.ora in place, so it shows its diff,
 * keeps a timestamped backup, writes atomically, and refuses any file it cannot fully parse.
 * `runlog tnsnames verify` (verify-command.ts) checks the result.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { readToolOptions } from '../tool-args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type ToolIO } from '../tool-io.js';
import { unifiedDiff } from '../unified-diff.js';
import { enableBroken, UnknownAliasError, type EnableBrokenResult } from './enable-broken.js';
import { decodeTnsBytes } from './tns-file.js';
import { TnsSyntaxError } from './tns-tokenizer.js';
import { verifyCommand } from './verify-command.js';

const HELP = `Usage: runlog tnsnames enable-broken --file PATH [--alias NAME]... [--dry-run]
       runlog tnsnames verify --file PATH [--alias NAME]...   (runlog tnsnames verify --help)

Adds (ENABLE=BROKEN) to every DESCRIPTION of tnsnames.ora that lacks it, so that
Oracle Net asks the operating system for TCP keepalives and idle sessions survive
firewalls that drop quiet connections (PIX/ASA "timeout conn").

  --file PATH     the tnsnames.ora to edit
  --alias NAME    only this entry (any letter case); repeatable
  --dry-run       print the diff, write nothing

Prints a unified diff of the change. Before writing, the original is copied to
PATH.bak-YYYYMMDDTHHMMSSZ (same permissions); the new file replaces it atomically.
A file that cannot be parsed (unbalanced parenthesis, an entry without "=", text
outside any entry) is refused and left untouched. Files pulled in with IFILE are
not edited: run the command on each of them.
Exit status: 0 done or nothing missing, 1 refused or failed, 2 bad usage.
`;

/** Entry point of `runlog tnsnames` (`enable-broken` or `verify`); returns the exit status. */
export async function tnsnamesCommand(argv: string[], io: ToolIO): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand === undefined || subcommand === '--help' || subcommand === '-h') {
    io.stdout(HELP);
    return subcommand === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (subcommand === 'verify') return verifyCommand(rest, io);
  if (subcommand !== 'enable-broken') {
    io.stderr(
      `runlog tnsnames: unknown command "${subcommand}"; the commands are enable-broken and verify\n`,
    );
    return EXIT_USAGE;
  }
  let values;
  try {
    values = readToolOptions(rest, {
      file: { type: 'string' },
      alias: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
  } catch (error) {
    io.stderr(`runlog tnsnames enable-broken: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (values.file === undefined || values.file === '') {
    io.stderr('runlog tnsnames enable-broken: --file PATH is required\n');
    return EXIT_USAGE;
  }
  const request = { file: values.file, aliases: values.alias ?? [], dryRun: values['dry-run'] };
  return run(request, io);
}

interface Request {
  file: string;
  aliases: string[];
  dryRun: boolean;
}

async function run(request: Request, io: ToolIO): Promise<number> {
  const shown = request.file;
  let target: string;
  let bytes: Buffer;
  try {
    target = await fs.realpath(path.resolve(io.cwd, request.file));
    bytes = await fs.readFile(target);
  } catch (error) {
    io.stderr(`runlog tnsnames: cannot read ${shown}: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  const { text, encoding } = decodeTnsBytes(bytes);
  let result: EnableBrokenResult;
  try {
    result = enableBroken(text, { aliases: request.aliases });
  } catch (error) {
    if (error instanceof TnsSyntaxError) {
      io.stderr(`${shown}:${error.line}:${error.column}: ${error.message}\n`);
      io.stderr(`runlog tnsnames: ${shown} was not changed (fix the file, then run again)\n`);
      return EXIT_FAILURE;
    }
    if (error instanceof UnknownAliasError) {
      io.stderr(`runlog tnsnames: ${shown}: ${error.message}; the file was not changed\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
  for (const include of result.includes) {
    io.stderr(
      `${shown}:${include.line}: note: IFILE ${include.path} is not edited here; ` +
        'run this command on it as well\n',
    );
  }
  if (result.changed.length === 0) {
    io.stdout(
      `nothing was missing: every DESCRIPTION in scope of ${shown} already has ` +
        `ENABLE=BROKEN (${result.alreadyEnabled} found); the file was not changed\n`,
    );
    return EXIT_OK;
  }
  io.stdout(unifiedDiff(text, result.output, shown));
  const summary = result.changed.map((c) => `${c.alias} (line ${c.line})`).join(', ');
  if (request.dryRun) {
    io.stdout(`dry run: would add (ENABLE=BROKEN) to ${summary}; nothing was written\n`);
    return EXIT_OK;
  }
  try {
    const backup = await writeBackup(target, bytes);
    await replaceIfUnchanged(target, bytes, Buffer.from(result.output, encoding));
    io.stdout(`added (ENABLE=BROKEN) to ${summary}\nbackup: ${backup}\n`);
    return EXIT_OK;
  } catch (error) {
    io.stderr(`runlog tnsnames: ${shown}: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the backup suffix. */
function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Writes the original bytes beside the file with its permissions; never overwrites a backup. */
async function writeBackup(target: string, bytes: Buffer): Promise<string> {
  const stat = await fs.stat(target);
  const base = `${target}.bak-${timestamp(new Date())}`;
  for (let attempt = 1; ; attempt += 1) {
    const name = attempt === 1 ? base : `${base}-${attempt}`;
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(name, 'wx', stat.mode & 0o7777);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new Error(`cannot write the backup ${name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    try {
      await handle.writeFile(bytes);
      await handle.chmod(stat.mode & 0o7777);
      await handle.chown(stat.uid, stat.gid).catch(() => {});
      await handle.sync();
    } finally {
      await handle.close();
    }
    return name;
  }
}

/** Refuses to overwrite edits someone made after the file was read, then replaces it atomically. */
async function replaceIfUnchanged(
  target: string,
  original: Buffer,
  updated: Buffer,
): Promise<void> {
  const now = await fs.readFile(target);
  if (!now.equals(original)) {
    throw new Error('the file changed while it was being edited; nothing was written, run again');
  }
  const stat = await fs.stat(target);
  await writeFileAtomic(target, updated, {
    mode: stat.mode & 0o7777,
    owner: { uid: stat.uid, gid: stat.gid },
  });
}
