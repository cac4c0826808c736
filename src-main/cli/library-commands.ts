/**
 * `runlog list`: the library as the service sees it. A runbook with problems is listed with them
 * and never hides the others; the exit status says so only when asked (`--strict`), so a folder
 * of Runme notebooks with one broken file still lists cleanly.
 */
import { table } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { problemLine } from './show-command.js';
import { visible, visibleJson } from './terminal-text.js';
import { withService } from './with-service.js';

export { showCommand } from './show-command.js';

/** Problems in words for the PROBLEMS column: errors about the file, errors about steps, warnings. */
function problemsCell(problems: Array<{ severity: string; step?: string }>): string {
  const fileErrors = problems.filter((p) => p.severity === 'error' && p.step === undefined).length;
  const stepErrors = problems.filter((p) => p.severity === 'error' && p.step !== undefined).length;
  const warnings = problems.length - fileErrors - stepErrors;
  const parts = [
    fileErrors ? `${fileErrors} error(s)` : '',
    stepErrors ? `${stepErrors} step error(s)` : '',
    warnings ? `${warnings} warning(s)` : '',
  ].filter(Boolean);
  return parts.join(', ') || '-';
}

export const listCommand: CommandSpec = {
  usage: `Usage: runlog list [--runbooks DIR]… [--strict] [--json]

Lists every runbook with its problems (on stderr, each with file:line:column). A runbook with an
error is still listed, and so are all the others.
Exit status: 0, whatever the problems; with --strict, 1 when any runbook has an error.`,
  options: { strict: { type: 'boolean' } },
  run: (ctx) =>
    withService(ctx as Parsed, async (service, { io, globals, values }) => {
      const { runbooks } = await service.commands['library:list']({});
      if (globals.json) {
        io.stdout(`${visibleJson({ runbooks })}\n`);
      } else {
        const rows = [['ID', 'TITLE', 'PLATFORMS', 'STEPS', 'PROBLEMS']];
        for (const rb of runbooks) {
          rows.push([
            visible(rb.id),
            visible(rb.title),
            visible(rb.platforms.join(',')) || 'any',
            String(rb.stepCount),
            problemsCell(rb.problems),
          ]);
        }
        io.stdout(`${table(rows)}\n`);
        for (const rb of runbooks) {
          for (const p of rb.problems) io.stderr(problemLine(p));
        }
      }
      const anyError = runbooks.some((rb) => rb.problems.some((p) => p.severity === 'error'));
      return values.strict === true && anyError ? 1 : 0;
    }),
};
