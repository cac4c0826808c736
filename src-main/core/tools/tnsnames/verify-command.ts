/**
 * `runlog tnsnames verify`: the check step of the Oracle keepalive runbook. It reads the file
 * with the same parser that edits it and fails, naming line and column, for every DESCRIPTION
 * that does not hold exactly one `(ENABLE=BROKEN)` of its own. It never writes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readToolOptions } from '../tool-args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type ToolIO } from '../tool-io.js';
import { decodeTnsBytes } from './tns-file.js';
import { UnknownAliasError } from './tns-queries.js';
import { TnsSyntaxError } from './tns-tokenizer.js';
import { verifyEnableBroken, type VerifyResult } from './verify-enable-broken.js';

const HELP = `Usage: runlog tnsnames verify --file PATH [--alias NAME]...

Checks that every DESCRIPTION of tnsnames.ora (under DESCRIPTION_LIST too) holds
exactly one (ENABLE=BROKEN) directly inside it, where Oracle Net reads it. An
ENABLE inside ADDRESS or CONNECT_DATA does not count (and is noted); a second
one in the same DESCRIPTION is an error, since it hides a missing one elsewhere
from anyone counting. The file is never changed.

  --file PATH     the tnsnames.ora to check
  --alias NAME    only this entry (any letter case); repeatable

Exit status: 0 every DESCRIPTION in scope is right, 1 one is not (or the file
cannot be read or parsed), 2 bad usage.
`;

/** Entry point of `runlog tnsnames verify`; returns the exit status. */
export async function verifyCommand(argv: string[], io: ToolIO): Promise<number> {
  let values;
  try {
    values = readToolOptions(argv, {
      file: { type: 'string' },
      alias: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    });
  } catch (error) {
    io.stderr(`runlog tnsnames verify: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (values.file === undefined || values.file === '') {
    io.stderr('runlog tnsnames verify: --file PATH is required\n');
    return EXIT_USAGE;
  }
  return verify(values.file, values.alias ?? [], io);
}

async function verify(shown: string, aliases: string[], io: ToolIO): Promise<number> {
  let result: VerifyResult;
  try {
    const bytes = await fs.readFile(path.resolve(io.cwd, shown));
    result = verifyEnableBroken(decodeTnsBytes(bytes).text, aliases);
  } catch (error) {
    if (error instanceof TnsSyntaxError) {
      io.stderr(`${shown}:${error.line}:${error.column}: ${error.message}\n`);
    } else if (error instanceof UnknownAliasError) {
      io.stderr(`runlog tnsnames verify: ${shown}: ${error.message}\n`);
    } else {
      io.stderr(`runlog tnsnames verify: cannot read ${shown}: ${(error as Error).message}\n`);
    }
    return EXIT_FAILURE;
  }
  for (const f of result.findings) {
    io.stderr(
      `${shown}:${f.line}:${f.column}: ${f.level === 'note' ? 'note: ' : ''}${f.message}\n`,
    );
  }
  io.stdout(
    `${shown}: ${result.descriptions} DESCRIPTION blocks, ${result.enabled} with ENABLE=BROKEN\n`,
  );
  const errors = result.findings.filter((f) => f.level === 'error').length;
  if (result.descriptions === 0) {
    io.stderr(`runlog tnsnames verify: no DESCRIPTION found in ${shown}\n`);
    return EXIT_FAILURE;
  }
  if (errors > 0) {
    io.stderr(
      `runlog tnsnames verify: ${errors} DESCRIPTION block(s) of ${shown} are not right (see above)\n`,
    );
    return EXIT_FAILURE;
  }
  io.stdout(`OK: every DESCRIPTION in ${shown} has exactly one ENABLE=BROKEN\n`);
  return EXIT_OK;
}
