/**
 * How `runlog run`, `resume`, `attest` and `finish` end: a run whose every required step has an
 * answer is finished (passed, passed with exceptions, or failed); one with required steps left is
 * left open to be completed later, never finished as "incomplete" behind the operator's back
 * (unless --finish asks for it). The exit status says which, and the next commands are printed.
 */
import type { RunDetail, RunStatus } from '../core/run-model.js';
import type { Service } from '../api/service.js';
import type { CliIO } from './cli-io.js';
import { visible, visibleJson } from './terminal-text.js';

/** Exit status of a run command: 0 passed, 1 failed, 3 incomplete or left open (2 is bad input). */
export function exitCodeOf(status: RunStatus): number {
  if (status === 'passed' || status === 'passed-with-exceptions') return 0;
  if (status === 'failed') return 1;
  return 3;
}

/** The `--json` document of a run: its status, whether it is still open, and every step. */
export function runJson(run: RunDetail): object {
  return {
    runId: run.id,
    status: run.status,
    open: run.status === 'open',
    steps: run.steps.map((s) => ({
      name: s.stepName,
      status: s.status,
      ...(s.flag ? { flag: s.flag } : {}),
      ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
      ...(s.signal ? { signal: s.signal } : {}),
      ...(s.reason !== undefined && s.status === 'skipped' ? { reason: s.reason } : {}),
      attempts: s.attempts.length,
    })),
    outcome: run.outcome,
  };
}

/** One outcome note on a line: its kind, the steps it names and its detail, all escaped. */
function noteLine(note: RunDetail['outcome']['notes'][number]): string {
  const detail = note.detail ? ` (${visible(note.detail)})` : '';
  return `  ${note.kind}: ${note.steps.map((s) => visible(s)).join(', ')}${detail}`;
}

/** What is left and how to go on with a run left open. */
function openHints(run: RunDetail): string[] {
  const id = visible(run.id);
  const left = run.outcome.notes
    .filter((n) => n.kind === 'pending' || n.kind === 'failed' || n.kind === 'not-runnable')
    .map(noteLine);
  return [
    `runlog: run ${id} is left open.`,
    ...left,
    `  continue it:  runlog resume ${id}`,
    `  answer a step: runlog attest ${id} STEP --done [--note TEXT] [--device NAME]`,
    `  end it now:   runlog finish ${id}`,
  ];
}

/**
 * Ends the run after a walk: finishes it unless required steps are left (then it stays open), or
 * leaves it as the walk left it. Prints the outcome; returns the exit status.
 */
export async function endRun(
  service: Service,
  runId: string,
  io: CliIO,
  options: { json: boolean; leftOpen: boolean; finish: boolean },
): Promise<number> {
  let { run } = await service.commands['history:get']({ runId });
  const keepOpen = !options.finish && (options.leftOpen || run.outcome.status === 'incomplete');
  if (run.status === 'open' && !keepOpen) {
    await service.commands['run:finish']({ runId });
  } else if (run.status === 'open' && !options.leftOpen) {
    await service.commands['run:leave-open']({ runId });
  }
  ({ run } = await service.commands['history:get']({ runId }));
  if (options.json) io.stdout(`${visibleJson(runJson(run))}\n`);
  else io.stdout(`${visible(runId)}\n`);
  if (run.status === 'open') io.stderr(`${openHints(run).join('\n')}\n`);
  else io.stderr(`runlog: run ${visible(runId)} ${run.status}\n`);
  for (const note of run.status === 'open' ? [] : run.outcome.notes)
    io.stderr(`${noteLine(note)}\n`);
  return exitCodeOf(run.status);
}
