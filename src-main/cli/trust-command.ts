/** `runlog trust FILE`: shows the file's SHA-256 and trusts that exact content, like the app's Trust button. */
import { UsageError } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { visible, visibleJson } from './terminal-text.js';
import { withService } from './with-service.js';

export const trustCommand: CommandSpec = {
  usage: `Usage: runlog trust FILE [--sha256 HASH] [--json]

Trusts the runbook FILE in its current content, so it can run. Read it first (runlog show FILE).
Trust is pinned to the content's SHA-256 and lapses when the file changes. With --sha256, the file
must still have the hash you reviewed. Bundled runbooks are always trusted.
Exit status: 0 trusted, 2 bad input (no such file, or it changed since the hash you give).`,
  options: { sha256: { type: 'string' } },
  run: (ctx) =>
    withService(ctx as Parsed, async (service, { io, values, positionals, globals }) => {
      if (positionals.length !== 1) throw new UsageError('name one runbook FILE');
      const { runbook } = await service.commands['library:get']({ id: positionals[0] ?? '' });
      const reviewed = (values.sha256 as string | undefined)?.toLowerCase();
      if (reviewed !== undefined && reviewed !== runbook.sha256) {
        throw new UsageError(
          `${visible(runbook.file)} has SHA-256 ${runbook.sha256}, not the ${visible(reviewed)} you reviewed: it changed. Review it again.`,
        );
      }
      await service.commands['library:trust']({ id: runbook.file, sha256: runbook.sha256 });
      const errors = runbook.problems.filter((p) => p.severity === 'error' && !p.step).length;
      const stepErrors = new Set(
        runbook.problems.filter((p) => p.severity === 'error' && p.step).map((p) => p.step),
      ).size;
      if (globals.json) {
        io.stdout(
          `${visibleJson({ file: runbook.file, sha256: runbook.sha256, trusted: true, bundled: runbook.bundled })}\n`,
        );
      } else {
        io.stdout(`Trusted ${visible(runbook.file)}\n  SHA-256 ${runbook.sha256}\n`);
      }
      if (errors > 0)
        io.stderr(
          `runlog trust: note: the runbook has ${errors} error(s) and cannot run until they are fixed (runlog list)\n`,
        );
      else if (stepErrors > 0)
        io.stderr(
          `runlog trust: note: ${stepErrors} step(s) cannot run until their errors are fixed; the others can (runlog show ${visible(runbook.file)})\n`,
        );
      return 0;
    }),
};
