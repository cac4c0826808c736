/** `runlog export` and `runlog verify`: evidence out, and its check by anyone. */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeVerifyResult, verifyEvidence } from '../core/evidence/index.js';
import { UsageError } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { withService } from './with-service.js';

const FORMATS = ['html', 'json', 'pdf'] as const;

export const exportCommand: CommandSpec = {
  usage: 'Usage: runlog export RUN-ID --format html|json|pdf [--out FILE]',
  options: { format: { type: 'string' }, out: { type: 'string' } },
  run: (ctx) =>
    withService(ctx as Parsed, async (service, { io, values, positionals, globals }) => {
      const format = (values.format as string | undefined) ?? 'html';
      if (!(FORMATS as readonly string[]).includes(format))
        throw new UsageError('--format must be html, json or pdf');
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
      if (globals.json) io.stdout(`${JSON.stringify({ file: out, format })}\n`);
      else io.stdout(`Wrote ${out}\n`);
      return 0;
    }),
};

export const verifyCommand: CommandSpec = {
  usage:
    'Usage: runlog verify FILE [--artifacts DIR] [--key FINGERPRINT | --ledger [--url URL]] [--json]',
  options: {
    artifacts: { type: 'string' },
    key: { type: 'string' },
    ledger: { type: 'boolean' },
    url: { type: 'string' },
  },
  run: async (ctx) => {
    const { io, values, positionals, globals } = ctx as Parsed;
    if (positionals.length !== 1) throw new UsageError('name one evidence FILE');
    const file = resolve(positionals[0] ?? '');
    let input: Buffer;
    try {
      input = await readFile(file);
    } catch (err) {
      io.stderr(`runlog verify: cannot read ${file}: ${(err as Error).message}\n`);
      return 2;
    }
    if (values.ledger) {
      const { verifyWithLedger } = await import('./ledger-cli-shared.js');
      return verifyWithLedger(ctx as Parsed, file, input, values.artifacts as string | undefined);
    }
    const result = verifyEvidence(input, {
      file,
      artifactsDir: values.artifacts as string | undefined,
      trustedKey: values.key as string | undefined,
    });
    if (globals.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`${describeVerifyResult(result)}\n`);
    return result.status === 'valid' ? 0 : result.status === 'invalid' ? 1 : 2;
  },
};
