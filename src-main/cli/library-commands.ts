/** `runlog list` and `runlog show`: the library as the service sees it. */
import { table } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { visible } from './terminal-text.js';
import { withService } from './with-service.js';

export const listCommand: CommandSpec = {
  usage: 'Usage: runlog list [--runbooks DIR]… [--json]',
  run: (ctx) =>
    withService(ctx as Parsed, async (service, { io, globals }) => {
      const { runbooks } = await service.commands['library:list']({});
      if (globals.json) {
        io.stdout(`${JSON.stringify({ runbooks }, null, 2)}\n`);
      } else {
        const rows = [['ID', 'TITLE', 'PLATFORMS', 'STEPS', 'PROBLEMS']];
        for (const rb of runbooks) {
          const errors = rb.problems.filter((p) => p.severity === 'error').length;
          const warnings = rb.problems.length - errors;
          rows.push([
            rb.id,
            rb.title,
            rb.platforms.join(',') || 'any',
            String(rb.stepCount),
            errors || warnings ? `${errors} error(s), ${warnings} warning(s)` : '-',
          ]);
        }
        io.stdout(`${table(rows)}\n`);
        for (const rb of runbooks) {
          for (const p of rb.problems)
            io.stderr(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}\n`);
        }
      }
      return runbooks.some((rb) => rb.problems.some((p) => p.severity === 'error')) ? 1 : 0;
    }),
};

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
        io.stdout(`${JSON.stringify({ runbook, trusted, teamTrust }, null, 2)}\n`);
        return 0;
      }
      io.stdout(`${runbook.title}  (${runbook.id})\n${runbook.file}\nsha256 ${runbook.sha256}\n`);
      if (runbook.summary) io.stdout(`${runbook.summary}\n`);
      io.stdout(
        `platforms: ${runbook.platforms.join(', ') || 'any'}   trusted: ${trusted ? 'yes' : 'no'}` +
          `${teamTrust ? ` (trusted by ${visible(teamTrust.by)} on ${teamTrust.at}, team ledger)` : ''}\n\n`,
      );
      if (runbook.params.length) {
        io.stdout('Parameters:\n');
        const rows = runbook.params.map((p) => [
          `  ${p.name}`,
          p.type,
          p.required ? 'required' : 'optional',
          p.secret
            ? 'secret'
            : p.default !== undefined
              ? `default ${JSON.stringify(p.default)}`
              : '',
        ]);
        io.stdout(`${table(rows)}\n\n`);
      }
      io.stdout('Steps:\n');
      for (const s of runbook.steps) {
        const flags = [s.sudo ? 'sudo' : '', s.confirm ? 'confirm' : ''].filter(Boolean).join(',');
        io.stdout(
          `  ${s.name}  [${s.kind}${s.language ? `/${s.language}` : ''}] line ${s.line}` +
            `${s.platforms.length ? `  platforms ${s.platforms.join(',')}` : ''}${flags ? `  ${flags}` : ''}\n`,
        );
        io.stdout(`${s.text.replace(/^/gm, '      ')}\n`);
      }
      for (const p of runbook.problems)
        io.stderr(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}\n`);
      return 0;
    }),
};
