/** `runlog list` and `runlog show`: the library as the service sees it. */
import { findHiddenChars, findLongLines } from '../core/runbook/hidden-text.js';
import { table } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { visible, visibleJson } from './terminal-text.js';
import { withService } from './with-service.js';

/** A problem line on stderr; the file name and message come from the runbook, so escaped. */
function problemLine(p: {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
}): string {
  return `${visible(p.file)}:${p.line}:${p.column}: ${p.severity}: ${visible(p.message)}\n`;
}

export const listCommand: CommandSpec = {
  usage: 'Usage: runlog list [--runbooks DIR]… [--json]',
  run: (ctx) =>
    withService(ctx as Parsed, async (service, { io, globals }) => {
      const { runbooks } = await service.commands['library:list']({});
      if (globals.json) {
        io.stdout(`${visibleJson({ runbooks })}\n`);
      } else {
        const rows = [['ID', 'TITLE', 'PLATFORMS', 'STEPS', 'PROBLEMS']];
        for (const rb of runbooks) {
          const errors = rb.problems.filter((p) => p.severity === 'error').length;
          const warnings = rb.problems.length - errors;
          rows.push([
            visible(rb.id),
            visible(rb.title),
            visible(rb.platforms.join(',')) || 'any',
            String(rb.stepCount),
            errors || warnings ? `${errors} error(s), ${warnings} warning(s)` : '-',
          ]);
        }
        io.stdout(`${table(rows)}\n`);
        for (const rb of runbooks) {
          for (const p of rb.problems) io.stderr(problemLine(p));
        }
      }
      return runbooks.some((rb) => rb.problems.some((p) => p.severity === 'error')) ? 1 : 0;
    }),
};

/**
 * A step's text indented under its heading, with its hidden characters escaped and a marker on
 * each line that hides some, or that runs on past what a screen shows.
 */
function stepTextLines(text: string): string {
  const hidden = new Set(findHiddenChars(text).map((h) => h.line));
  const long = new Set(findLongLines(text).map((l) => l.line));
  return visible(text, { multiline: true })
    .split('\n')
    .map((line, i) => {
      const marks = [
        hidden.has(i + 1) ? 'hidden characters' : '',
        long.has(i + 1) ? 'long line' : '',
      ].filter(Boolean);
      return `    ${marks.length ? '! ' : '  '}${line}${marks.length ? `   ◀ ${marks.join(', ')}` : ''}`;
    })
    .join('\n');
}

export const showCommand: CommandSpec = {
  usage: 'Usage: runlog show RUNBOOK [--json]   (RUNBOOK is an id or a path)',
  run: (ctx) =>
    withService(ctx as Parsed, async (service, { io, globals, positionals }) => {
      if (positionals.length !== 1) {
        io.stderr(`${showCommand.usage}\n`);
        return 2;
      }
      const { runbook, trusted, teamTrust } = await service.commands['library:get']({
        id: positionals[0] ?? '',
      });
      if (globals.json) {
        io.stdout(`${visibleJson({ runbook, trusted, teamTrust })}\n`);
        return 0;
      }
      io.stdout(
        `${visible(runbook.title)}  (${visible(runbook.id)})\n${visible(runbook.file)}\nsha256 ${runbook.sha256}\n`,
      );
      if (runbook.summary) io.stdout(`${visible(runbook.summary)}\n`);
      io.stdout(
        `platforms: ${visible(runbook.platforms.join(', ')) || 'any'}   trusted: ${trusted ? 'yes' : 'no'}` +
          `${teamTrust ? ` (trusted by ${visible(teamTrust.by)} on ${visible(teamTrust.at)}, team ledger)` : ''}\n\n`,
      );
      if (runbook.params.length) {
        io.stdout('Parameters:\n');
        const rows = runbook.params.map((p) => [
          `  ${visible(p.name)}`,
          visible(p.type),
          p.required ? 'required' : 'optional',
          p.secret
            ? 'secret'
            : p.default !== undefined
              ? `default ${visible(JSON.stringify(p.default))}`
              : '',
        ]);
        io.stdout(`${table(rows)}\n\n`);
      }
      io.stdout('Steps:\n');
      for (const s of runbook.steps) {
        const flags = [s.sudo ? 'sudo' : '', s.confirm ? 'confirm' : ''].filter(Boolean).join(',');
        io.stdout(
          `  ${visible(s.name)}  [${s.kind}${s.language ? `/${visible(s.language)}` : ''}] line ${s.line}` +
            `${s.platforms.length ? `  platforms ${visible(s.platforms.join(','))}` : ''}${flags ? `  ${flags}` : ''}\n`,
        );
        io.stdout(`${stepTextLines(s.text)}\n`);
      }
      for (const p of runbook.problems) io.stderr(problemLine(p));
      return 0;
    }),
};
