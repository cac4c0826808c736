/** `runlog history`: past runs, newest first. */
import { RUN_STATUSES as STATUSES } from '../core/run-model.js';
import { table, UsageError } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { checkTeamOnly, printTeamHistory } from './team-history-output.js';
import { visible, visibleJson } from './terminal-text.js';
import { withService } from './with-service.js';

export const historyCommand: CommandSpec = {
  usage:
    `Usage: runlog history [--runbook ID] [--status ${STATUSES.join('|')}] [--text WORDS] [--limit N] [--json]\n` +
    '       runlog history --team [--operator NAME] [--host NAME] [--from DATE] [--to DATE] [--after CURSOR] …',
  options: {
    runbook: { type: 'string' },
    status: { type: 'string' },
    text: { type: 'string' },
    limit: { type: 'string' },
    team: { type: 'boolean' },
    operator: { type: 'string' },
    host: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    after: { type: 'string' },
  },
  run: (ctx) =>
    withService(ctx as Parsed, async (service, { io, globals, values }) => {
      const status = values.status as string | undefined;
      if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
      }
      const limitText = (values.limit as string | undefined) ?? '20';
      const limit = Number(limitText);
      if (!/^\d+$/.test(limitText) || limit < 1 || limit > 500) {
        throw new UsageError('--limit must be a whole number from 1 to 500');
      }
      checkTeamOnly(ctx as Parsed);
      if (values.team) return printTeamHistory(service, ctx as Parsed, limit);
      const result = await service.commands['history:list']({
        runbookId: values.runbook as string | undefined,
        status: status as (typeof STATUSES)[number] | undefined,
        text: values.text as string | undefined,
        limit,
      });
      if (globals.json) {
        io.stdout(`${visibleJson(result)}\n`);
        return 0;
      }
      const rows = [['RUN', 'RUNBOOK', 'STATUS', 'STARTED (UTC)', 'STEPS', 'OPERATOR@HOST']];
      for (const r of result.runs) {
        rows.push([
          visible(r.id),
          visible(r.runbookId),
          visible(r.status),
          visible(r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
          `${r.stepsDone}/${r.stepsApplicable}`,
          visible(`${r.context.operator}@${r.context.hostname}`),
        ]);
      }
      io.stdout(`${table(rows)}\n${result.runs.length} of ${result.total} run(s)\n`);
      return 0;
    }),
};
