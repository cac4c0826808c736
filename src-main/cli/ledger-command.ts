/**
 * `runlog ledger`: the team ledger from the command line. `init` creates or upgrades the schema
 * and saves the URL; `status` and `publish` look after the local queue; `verify` and `export`
 * serve the auditor; `signer` and `trust` are the steward's (run with the steward's login given
 * by --url). Every value read from the ledger is escaped before it reaches the terminal.
 */
import { ensureDataDir, resolveDataDir } from '../core/history/index.js';
import {
  auditLedger,
  describeAudit,
  exportLedger,
  Ledger,
  listSigners,
} from '../core/ledger/index.js';
import { updateSettings } from '../core/settings.js';
import type { LedgerStatus } from '../api/contract.js';
import { table, UsageError } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { ledgerFrom, output } from './ledger-cli-shared.js';
import { signerCommand, trustCommand } from './ledger-steward-commands.js';
import { visible } from './terminal-text.js';
import { withService } from './with-service.js';

const USAGE = `Usage: runlog ledger SUBCOMMAND [options]
  init URL                    create or upgrade the ledger schema, check it, save URL as the ledger
  status [--check]            runs waiting to be published and why; --check tries the ledger now
  publish [RUN-ID…]           publish what waits now; with run ids, queue those finished runs first
  verify [--since DATE]       check every record: signature, chains, signer at signing time (exit 0/1)
  export --out DIR [--since DATE]   evidence files and artifacts for an auditor
  signer list | add FINGERPRINT NAME [--from DATE] [--until DATE] | end ID [--at DATE]
  trust RUNBOOK [--note TEXT] | untrust RUNBOOK   a runbook version trusted by the whole team
--url URL uses another connection string (the owner's, a steward's, an auditor's) without saving it.
Passwords come from ~/.pgpass, PGPASSFILE, a service file or PGPASSWORD, never from the URL.`;

async function init(ctx: Parsed): Promise<number> {
  const url = ctx.positionals[1];
  if (!url || ctx.positionals.length !== 2) throw new UsageError('name the ledger: init URL');
  const ledger = new Ledger(url, { warn: (m) => ctx.io.stderr(`runlog: ${m}\n`) });
  const outcome = await ledger.init();
  await ledger.use(async () => undefined); // this login reaches a schema this Runlog speaks
  await updateSettings(ensureDataDir(resolveDataDir({ flag: ctx.globals.dataDir })), {
    ledgerUrl: url,
  });
  const target = visible(ledger.target().label);
  output(ctx, { ...outcome, target: ledger.target().label, saved: true }, () =>
    outcome.applied.length
      ? `Ledger ${target}: schema ${outcome.from} → ${outcome.to}. Saved as this workstation's ledger.\n`
      : `Ledger ${target}: schema ${outcome.to}, up to date. Saved as this workstation's ledger.\n`,
  );
  return 0;
}

function statusText(status: LedgerStatus): string {
  const reach =
    status.reachable === undefined
      ? ''
      : status.reachable
        ? ' — reachable'
        : ` — NOT reachable: ${visible(status.error ?? '')}`;
  const lines = [
    status.configured
      ? `Ledger: ${visible(status.target ?? status.url ?? '')}${reach}`
      : 'No team ledger is set (runlog ledger init URL).',
  ];
  if (status.waiting.length === 0) lines.push('Nothing waits: every finished run is published.');
  else {
    const rows = [['RUN', 'STATE', 'ATTEMPTS', 'QUEUED (UTC)', 'NEXT TRY (UTC)', 'LAST ERROR']];
    for (const w of status.waiting) {
      const next = w.state === 'waiting' ? w.nextAttemptAt : '-';
      const error = visible(w.lastError ?? '-');
      rows.push([visible(w.runId), w.state, String(w.attempts), w.queuedAt, next, error]);
    }
    lines.push(`${status.waiting.length} run(s) wait:`, table(rows));
  }
  return `${lines.join('\n')}\n`;
}

function status(ctx: Parsed): Promise<number> {
  return withService(ctx, async (service) => {
    const s = await service.commands['ledger:status']({ check: Boolean(ctx.values.check) });
    output(ctx, s, () => statusText(s));
    return s.reachable === false ? 1 : 0;
  });
}

function publish(ctx: Parsed): Promise<number> {
  return withService(ctx, async (service) => {
    const runIds = ctx.positionals.slice(1);
    const r = await service.commands['ledger:publish']({ runIds });
    output(ctx, r, () => {
      const lines = [
        `Published ${r.published.length} run(s); ${r.already.length} already in the ledger; ${r.waiting} waiting.`,
      ];
      for (const f of r.failed) lines.push(`  ✘ ${visible(f.runId)}: ${visible(f.error)}`);
      return `${lines.join('\n')}\n`;
    });
    return r.waiting > 0 ? 1 : 0;
  });
}

async function verify(ctx: Parsed): Promise<number> {
  const since = ctx.values.since as string | undefined;
  const audit = await ledgerFrom(ctx).use(async (c) =>
    auditLedger(c, await listSigners(c), { since }),
  );
  output(ctx, audit, () => visible(describeAudit(audit), { multiline: true }));
  return audit.failures.length === 0 ? 0 : 1;
}

async function exportCommand(ctx: Parsed): Promise<number> {
  const out = ctx.values.out as string | undefined;
  if (!out) throw new UsageError('export needs --out DIR');
  const since = ctx.values.since as string | undefined;
  const result = await ledgerFrom(ctx).use(async (c) =>
    exportLedger(c, await listSigners(c), { outDir: out, since }),
  );
  output(ctx, result, () => {
    const hashOnly = result.runs.reduce((n, r) => n + r.hashOnly.length, 0);
    return (
      `Wrote ${result.runs.length} run(s) to ${visible(result.outDir)} ` +
      `(manifest.json, signers.json; ${hashOnly} artifact(s) held by hash only).\n` +
      `Check one: runlog verify ${visible(result.outDir)}/RUN-ID/evidence.json --ledger\n`
    );
  });
  return 0;
}

const SUBCOMMANDS: Record<string, (ctx: Parsed) => Promise<number>> = {
  init,
  status,
  publish,
  verify,
  export: exportCommand,
  signer: signerCommand,
  trust: trustCommand,
  untrust: trustCommand,
};

export const ledgerCommand: CommandSpec = {
  usage: USAGE,
  options: {
    url: { type: 'string' },
    since: { type: 'string' },
    out: { type: 'string' },
    check: { type: 'boolean' },
    from: { type: 'string' },
    until: { type: 'string' },
    at: { type: 'string' },
    note: { type: 'string' },
  },
  run: async (ctx) => {
    const parsed = ctx as Parsed;
    const sub = parsed.positionals[0] ?? '';
    const handler = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!handler)
      throw new UsageError(sub ? `unknown ledger subcommand "${sub}"` : 'name a subcommand');
    return handler(parsed);
  },
};
