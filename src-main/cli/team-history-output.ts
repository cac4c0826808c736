/** `runlog history --team`: the team ledger's runs, with who signed each or "unknown signer". */
import type { Service } from '../api/service.js';
import { table, UsageError } from './cli-io.js';
import type { Parsed } from './command-types.js';
import { visible } from './terminal-text.js';

const shortTime = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/** Lists a page of the team history with the command's filters. */
export async function printTeamHistory(
  service: Service,
  ctx: Parsed,
  limit: number,
): Promise<number> {
  const v = ctx.values as Record<string, string | undefined>;
  const result = await service.commands['team:list']({
    runbookId: v.runbook,
    operator: v.operator,
    host: v.host,
    status: v.status,
    from: v.from,
    to: v.to,
    text: v.text,
    after: v.after,
    limit,
  });
  if (ctx.globals.json) {
    ctx.io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const rows = [['RUN', 'RUNBOOK', 'STATUS', 'STARTED (UTC)', 'OPERATOR@HOST', 'SIGNER']];
  for (const r of result.runs) {
    rows.push([
      visible(r.runId),
      visible(r.runbookId),
      visible(r.status),
      shortTime(r.startedAt),
      visible(`${r.operator}@${r.host}`),
      r.signerName ? visible(r.signerName) : `unknown signer (${r.signerFingerprint})`,
    ]);
  }
  const more = result.next ? `; more with --after '${result.next}'` : '';
  ctx.io.stdout(`${table(rows)}\n${result.runs.length} run(s) from the team ledger${more}\n`);
  return 0;
}

/** Refuses the team-only filters without --team. */
export function checkTeamOnly(ctx: Parsed): void {
  if (ctx.values.team) return;
  for (const name of ['operator', 'host', 'from', 'to', 'after']) {
    if (ctx.values[name] !== undefined)
      throw new UsageError(`--${name} filters the team history: add --team`);
  }
}
