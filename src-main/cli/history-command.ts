/** `runlog history`: past runs, newest first. */
import { RUN_STATUSES as STATUSES } from '../core/run-model.js';
import { table, UsageError } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { withService } from './with-service.js';

export const historyCommand: CommandSpec = {
  usage: `Usage: runlog history [--runbook ID] [--status ${STATUSES.join('|')}] [--text WORDS] [--limit N] [--json]`,
  options: {
    runbook: { type: 'string' },
    status: { type: 'string' },
    text: { type: 'string' },
    limit: { type: 'string' },
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
      const result = await service.commands['history:list']({
        runbookId: values.runbook as string | undefined,
        status: status as (typeof STATUSES)[number] | undefined,
        text: values.text as string | undefined,
        limit,
      });
      if (globals.json) {
        io.stdout(`${JSON.stringify(result, null, 2)}\n`);
        return 0;
      }
      const rows = [['RUN', 'RUNBOOK', 'STATUS', 'STARTED (UTC)', 'STEPS', 'OPERATOR@HOST']];
      for (const r of result.runs) {
        rows.push([
          r.id,
          r.runbookId,
          r.status,
          r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
          `${r.stepsDone}/${r.stepsApplicable}`,
          `${r.context.operator}@${r.context.hostname}`,
        ]);
      }
      io.stdout(`${table(rows)}\n${result.runs.length} of ${result.total} run(s)\n`);
      return 0;
    }),
};
