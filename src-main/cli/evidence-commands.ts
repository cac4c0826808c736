/** `runlog export` and `runlog verify`: evidence out, and its check by anyone. */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  describeVerifyResult,
  exitCodeFor,
  installationSigners,
  readAllowedSigners,
  signersFromKeyOptions,
  verifyFile,
  type TrustedSigners,
} from '../core/evidence/index.js';
import { resolveDataDir } from '../core/history/data-dir.js';
import { UsageError } from './cli-io.js';
import type { CommandSpec, GlobalOptions, Parsed } from './command-types.js';
import { field, visibleJson } from './terminal-text.js';
import { withService } from './with-service.js';

const FORMATS = ['html', 'json', 'pdf', 'bundle'] as const;

export const exportCommand: CommandSpec = {
  usage: 'Usage: runlog export RUN-ID --format html|json|pdf|bundle [--out FILE]',
  options: { format: { type: 'string' }, out: { type: 'string' } },
  run: (ctx) =>
    withService(ctx as Parsed, async (service, { io, values, positionals, globals }) => {
      const format = (values.format as string | undefined) ?? 'html';
      if (!(FORMATS as readonly string[]).includes(format))
        throw new UsageError('--format must be html, json, pdf or bundle');
      if (positionals.length !== 1) throw new UsageError('name one RUN-ID (see runlog history)');
      const result = await service.commands['evidence:export']({
        runId: positionals[0] ?? '',
        format: format as (typeof FORMATS)[number],
      });
      const out = resolve((values.out as string | undefined) ?? result.fileName);
      await writeFile(
        out,
        Buffer.from(result.content, result.encoding === 'base64' ? 'base64' : 'utf8'),
      );
      if (globals.json) io.stdout(`${visibleJson({ file: out, format })}\n`);
      else io.stdout(`Wrote ${field(out)}\n`);
      return 0;
    }),
};

/**
 * The signers `verify` trusts: those named with --key and --signers; without either, this
 * installation's own keys (current and retired), read from its data folder.
 */
export function trustFrom(values: Record<string, unknown>, globals: GlobalOptions): TrustedSigners {
  const keys = (values.key as string[] | undefined) ?? [];
  const files = (values.signers as string[] | undefined) ?? [];
  if (keys.length > 0 || files.length > 0) {
    const signers = [
      ...signersFromKeyOptions(keys),
      ...files.flatMap((f) => readAllowedSigners(resolve(f))),
    ];
    const named = [
      keys.length ? 'the keys given with --key' : '',
      files.length ? `the allowed signers in ${files.join(', ')}` : '',
    ];
    return { signers, source: named.filter(Boolean).join(' or ') };
  }
  const dataDir = resolveDataDir({ flag: globals.dataDir });
  const signers = installationSigners(dataDir);
  const where = join(dataDir, 'keys');
  return {
    signers,
    source: signers.length
      ? `this installation's keys (${where}; pass --key or --signers to trust another)`
      : `this installation's keys, and it has none (${where}); pass --key or --signers`,
  };
}

export const verifyCommand: CommandSpec = {
  usage:
    'Usage: runlog verify FILE [--key FINGERPRINT]… [--signers FILE]… [--ledger [--url URL]] [--artifacts DIR] [--json]\n' +
    'FILE: a JSON, HTML or PDF export, or a bundle. Trusted signers: the --key and --signers\n' +
    "given, or the team ledger's signers with --ledger; without them, this installation's own keys\n" +
    '(runlog key show).\n' +
    'Exit status: 0 valid and signed by a trusted signer, 1 not valid or signer not trusted, 2 unusable input.',
  options: {
    artifacts: { type: 'string' },
    key: { type: 'string', multiple: true },
    signers: { type: 'string', multiple: true },
    ledger: { type: 'boolean' },
    url: { type: 'string' },
  },
  run: async (ctx) => {
    const { io, values, positionals, globals } = ctx as Parsed;
    if (positionals.length !== 1) throw new UsageError('name one evidence FILE');
    let trust: TrustedSigners;
    try {
      trust = values.ledger
        ? await (await import('./ledger-cli-shared.js')).ledgerTrust(ctx as Parsed)
        : trustFrom(values, globals);
    } catch (err) {
      io.stderr(`runlog verify: ${field((err as Error).message)}\n`);
      return 2;
    }
    const file = resolve(positionals[0] ?? '');
    const result = await verifyFile(file, {
      artifactsDir: values.artifacts as string | undefined,
      trust,
    });
    if (globals.json) io.stdout(`${visibleJson(result)}\n`);
    else io.stdout(`${describeVerifyResult(result)}\n`);
    return exitCodeFor(result);
  },
};
