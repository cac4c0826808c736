/**
 * `runlog`: the command line door into the same service as the app. Each
 * subcommand parses its own options; the global ones (--data-dir,
 * --runbooks, --json) are accepted by all of them.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { APP_VERSION } from '../api/app-context.js';
import { processIO, UsageError, type CliIO } from './cli-io.js';
import type { GlobalOptions } from './command-types.js';
import { COMMANDS } from './commands.js';
import { visible } from './terminal-text.js';

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  runbooks: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/**
 * Refusals that mean the command cannot be done as asked (exit 2): a wrong name or value, a
 * runbook that is untrusted or broken, a run that is finished (read-only) or held elsewhere.
 */
const BAD_INPUT = new Set([
  'bad-request',
  'bad-params',
  'not-found',
  'unknown-step',
  'unknown-run',
  'untrusted',
  'runbook-invalid',
  'run-not-open',
  'run-held',
  'run-not-held',
  'not-manual',
  'not-applicable',
  'step-invalid',
  'needs-device',
  'bad-answer',
]);

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    `runlog ${APP_VERSION} — executable runbooks with a verifiable record`,
    '',
    'Usage: runlog COMMAND [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Global options:',
    '  --data-dir DIR   history, keys and run folders (default: the platform application-data folder, or $RUNLOG_DATA_DIR)',
    '  --runbooks DIR   another folder of runbooks (repeatable; the bundled ones are always included)',
    '  --json           machine-readable output on stdout (see docs/cli-json.md)',
    '',
    'Run "runlog COMMAND --help" for the options of one command.',
    '',
  ].join('\n');
}

/** Runs one command line; resolves to the process exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${APP_VERSION}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr(`runlog: unknown command "${visible(name)}". Run "runlog --help" for the list.\n`);
    return 2;
  }
  const command = await entry.load();
  if (command.passThrough) return command.run({ argv: rest, io });
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(`${command.usage}\n`);
      return 0;
    }
    const globals: GlobalOptions = {
      dataDir: values['data-dir'] as string | undefined,
      runbooks: (values.runbooks as string[] | undefined) ?? [],
      json: Boolean(values.json),
    };
    return await command.run({ argv: rest, io, values, positionals, globals });
  } catch (err) {
    if (
      err instanceof UsageError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr(`runlog ${name}: ${visible((err as Error).message)}\n${command.usage}\n`);
      return 2;
    }
    const e = err as { code?: string; message?: string };
    io.stderr(`runlog ${name}: ${visible(e.message ?? String(err), { multiline: true })}\n`);
    return BAD_INPUT.has(e.code ?? '') ? 2 : 1;
  }
}
