/** What the `runlog ledger` subcommands share: which ledger, and how to print. */
import { resolveDataDir } from '../core/history/index.js';
import { LEDGER_SIGNERS, Ledger } from '../core/ledger/index.js';
import { readSettings } from '../core/settings.js';
import { UsageError } from './cli-io.js';
import type { Parsed } from './command-types.js';
import type { TrustedSigners } from '../core/evidence/index.js';

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

/** `runlog verify FILE --ledger`: the team's signers, each judged at the record's signing time. */
export async function ledgerTrust(ctx: Parsed): Promise<TrustedSigners> {
  const { listSigners } = await import('../core/ledger/index.js');
  if (ctx.values.key || ctx.values.signers) {
    throw new UsageError(
      "--ledger trusts the team ledger's signers: leave out --key and --signers",
    );
  }
  return { signers: await ledgerFrom(ctx).use(listSigners), source: LEDGER_SIGNERS };
}
