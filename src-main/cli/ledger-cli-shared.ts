/** What the `runlog ledger` subcommands share: which ledger, and how to print. */
import { resolveDataDir } from '../core/history/index.js';
import { Ledger } from '../core/ledger/index.js';
import { readSettings } from '../core/settings.js';
import { UsageError } from './cli-io.js';
import type { Parsed } from './command-types.js';

/** The ledger of --url, or the one in the settings. */
export function ledgerFrom(ctx: Parsed): Ledger {
  const url =
    (ctx.values.url as string | undefined) ??
    readSettings(resolveDataDir({ flag: ctx.globals.dataDir })).ledgerUrl;
  if (!url) {
    throw new UsageError('no team ledger is set: run "runlog ledger init URL", or pass --url URL');
  }
  return new Ledger(url, { warn: (m) => ctx.io.stderr(`runlog: ${m}\n`) });
}

/** Prints JSON for --json, text otherwise. */
export function output(ctx: Parsed, json: unknown, text: () => string): void {
  if (ctx.globals.json) ctx.io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  else ctx.io.stdout(text());
}

/** `runlog verify FILE --ledger`: the file checked against the team's signers at its signing time. */
export async function verifyWithLedger(
  ctx: Parsed,
  file: string,
  input: Buffer,
  artifactsDir: string | undefined,
): Promise<number> {
  const [{ listSigners, verifyWithSigners }, { describeVerifyResult }] = await Promise.all([
    import('../core/ledger/index.js'),
    import('../core/evidence/index.js'),
  ]);
  const signers = await ledgerFrom(ctx).use(listSigners);
  const result = verifyWithSigners(input, signers, { file, artifactsDir });
  output(ctx, result, () => `${describeVerifyResult(result)}\n`);
  return result.status === 'valid' ? 0 : result.status === 'invalid' ? 1 : 2;
}
