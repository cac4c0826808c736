/**
 * The steward's side of `runlog ledger`: the team's allowed signers and the runbook versions the
 * team trusts. These need a login in the steward role (pass it with --url); the publishing role
 * a workstation uses is refused by the database itself.
 */
import type pg from 'pg';
import {
  STEWARD_ROLE,
  addSigner,
  endSigner,
  listSigners,
  revokeTeamTrust,
  trustForTeam,
} from '../core/ledger/index.js';
import { table, UsageError } from './cli-io.js';
import type { Parsed } from './command-types.js';
import { ledgerFrom, output } from './ledger-cli-shared.js';
import { visible } from './terminal-text.js';
import { withService } from './with-service.js';

/** SQLSTATE insufficient_privilege: this login is not in the steward role. */
const NOT_ALLOWED = '42501';

/** Runs a steward's change; a refusal by the database says which login is needed. */
async function asSteward<T>(ctx: Parsed, work: (client: pg.Client) => Promise<T>): Promise<T> {
  try {
    return await ledgerFrom(ctx).use(work);
  } catch (err) {
    if ((err as { code?: string }).code !== NOT_ALLOWED) throw err;
    throw new Error(
      `${(err as Error).message}: signers and team trust are changed by a login in the ${STEWARD_ROLE} role; pass it with --url`,
      { cause: err },
    );
  }
}

/** The fingerprint form `runlog verify` prints for a key. */
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

async function list(ctx: Parsed): Promise<number> {
  const signers = await ledgerFrom(ctx).use(listSigners);
  output(ctx, { signers }, () => {
    const rows = [['ID', 'FINGERPRINT', 'NAME', 'VALID FROM', 'VALID UNTIL', 'ADDED BY']];
    for (const s of signers) {
      rows.push([
        String(s.id),
        s.fingerprint,
        visible(s.name),
        s.validFrom ?? '-',
        s.validUntil ?? '-',
        visible(s.addedBy),
      ]);
    }
    return `${table(rows)}\n`;
  });
  return 0;
}

async function add(ctx: Parsed): Promise<number> {
  const [, , fingerprint, ...nameParts] = ctx.positionals;
  const name = nameParts.join(' ').trim();
  if (!fingerprint || !FINGERPRINT.test(fingerprint) || !name) {
    throw new UsageError(
      'signer add FINGERPRINT NAME (FINGERPRINT as SHA256:… from runlog verify)',
    );
  }
  const id = await asSteward(ctx, (c) =>
    addSigner(c, {
      fingerprint,
      name,
      validFrom: ctx.values.from as string | undefined,
      validUntil: ctx.values.until as string | undefined,
    }),
  );
  output(ctx, { id }, () => `Signer ${id} added: ${fingerprint} (${visible(name)}).\n`);
  return 0;
}

async function end(ctx: Parsed): Promise<number> {
  const id = Number(ctx.positionals[2]);
  if (!Number.isSafeInteger(id) || id < 1) throw new UsageError('signer end ID (see signer list)');
  const ended = await asSteward(ctx, (c) => endSigner(c, id, ctx.values.at as string | undefined));
  if (!ended) throw new UsageError(`no signer ${id} in the ledger`);
  output(
    ctx,
    { id, ended },
    () =>
      `Signer ${id} is no longer trusted for records signed after ${String(ctx.values.at ?? 'now')}.\n`,
  );
  return 0;
}

/** `runlog ledger signer list|add|end`. */
export function signerCommand(ctx: Parsed): Promise<number> {
  const sub = ctx.positionals[1];
  if (sub === 'list') return list(ctx);
  if (sub === 'add') return add(ctx);
  if (sub === 'end') return end(ctx);
  throw new UsageError('signer list | add FINGERPRINT NAME | end ID');
}

/** `runlog ledger trust RUNBOOK` and `untrust RUNBOOK`: the version the library holds now. */
export function trustCommand(ctx: Parsed): Promise<number> {
  const [sub, id] = ctx.positionals;
  if (!id || ctx.positionals.length !== 2) throw new UsageError(`${sub} RUNBOOK (an id or a path)`);
  return withService(ctx, async (service) => {
    const { runbook } = await service.commands['library:get']({ id });
    if (sub === 'untrust') {
      const n = await asSteward(ctx, (c) => revokeTeamTrust(c, runbook.sha256));
      output(
        ctx,
        { sha256: runbook.sha256, revoked: n },
        () => `${n} team trust(s) of ${visible(runbook.id)} sha256 ${runbook.sha256} withdrawn.\n`,
      );
      return 0;
    }
    const trust = await asSteward(ctx, (c) =>
      trustForTeam(c, {
        sha256: runbook.sha256,
        runbookId: runbook.id,
        title: runbook.title,
        note: ctx.values.note as string | undefined,
      }),
    );
    output(
      ctx,
      trust,
      () =>
        `${visible(runbook.title)} (${visible(runbook.file)})\nsha256 ${trust.sha256}\n` +
        `Trusted by ${visible(trust.trustedBy)} on ${trust.trustedAt} for every workstation of the team.\n`,
    );
    return 0;
  });
}
