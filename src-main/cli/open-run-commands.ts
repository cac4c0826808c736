/**
 * Finishing an open run from the command line, whichever door started it: `runlog resume RUN`
 * walks on from where it stopped, `runlog attest RUN STEP` answers one step, `runlog finish RUN`
 * ends it. Each first takes the run over (refused, naming the process, while a live one holds
 * it; refused for a finished run, which is read-only).
 */
import type { Service } from '../api/service.js';
import { readAnswers } from './answers.js';
import { UsageError } from './cli-io.js';
import { readEnvOption } from './env-answers.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { endRun, exitCodeOf } from './run-end.js';
import { readParams, WALK_OPTIONS, walkAndEnd } from './run-command.js';
import { TerminalInput } from './terminal-input.js';
import { visible } from './terminal-text.js';
import { withService } from './with-service.js';

/** Takes the run over for this process; secret values come from --param or, on a terminal, are asked. */
async function takeOver(
  service: Service,
  runId: string,
  params: Record<string, string>,
  ask: boolean,
) {
  const resumed = await service.commands['run:resume']({ runId, params });
  if (resumed.missingSecrets.length === 0 || !ask || !process.stdin.isTTY) return resumed;
  const input = new TerminalInput(
    { stdin: process.stdin, prompts: process.stderr },
    { toStep: () => {}, interrupt: () => {} },
  );
  input.start();
  try {
    const given: Record<string, string> = {};
    for (const name of resumed.missingSecrets) {
      const value = await input.ask(`${visible(name)} (secret, not shown): `, { hidden: true });
      if (value === undefined) break;
      given[name] = value;
    }
    return await service.commands['run:resume']({ runId, params: given });
  } finally {
    input.stop();
  }
}

function oneRun(positionals: string[]): string {
  if (positionals.length !== 1)
    throw new UsageError('name one RUN (see runlog history --status open)');
  return positionals[0]!;
}

export const resumeCommand: CommandSpec = {
  usage: `Usage: runlog resume RUN [--param NAME=VALUE]… [--env NAME=VALUE]… [--yes] [--keep-going] [--attest …] [--skip …] [--finish] [--json]

Continues an open or interrupted run (started by the app or by runlog) from where it stopped, with
the same questions and options as runlog run. Secret parameters are asked again (or given with
--param): their values are never stored. A step's exported variables are asked on a terminal or
given with --env, as with runlog run. The run keeps the categories it was started for; a
background step that was running is not resumed: the walk starts it again.
Exit status: 0 passed (or with exceptions), 1 failed, 2 bad input or held by a live process, 3 left open.`,
  options: WALK_OPTIONS,
  run: (ctx) =>
    withService(ctx as Parsed, async (service, parsed) => {
      const runId = oneRun(parsed.positionals);
      const { run } = await service.commands['history:get']({ runId });
      const { runbook } = await service.commands['library:get']({ id: run.runbookPath }).catch(
        () => ({ runbook: undefined }),
      );
      const answers = runbook
        ? readAnswers(runbook, parsed.values as Record<string, string[]>, process.platform)
        : new Map();
      await takeOver(service, runId, readParams(parsed.values.param as string[] | undefined), true);
      parsed.io.stderr(`runlog: run ${visible(runId)} resumed\n`);
      return walkAndEnd(service, runId, parsed, {
        yes: parsed.values.yes === true,
        keepGoing: parsed.values['keep-going'] === true,
        steps: [],
        answers,
        env: readEnvOption(parsed.values.env as string[] | undefined),
      });
    }),
};

export const attestCommand: CommandSpec = {
  usage: `Usage: runlog attest RUN STEP (--done | --not-done | --skip REASON) [--note TEXT] [--device NAME] [--finish] [--json]

Records the answer to one step of an open run (a checklist or config step; --skip works for any
step) and leaves the run open for the next answer, or finishes it with --finish.
Exit status: 0 recorded (with --finish: 0 passed, 1 failed, 3 incomplete), 2 bad input.`,
  options: {
    done: { type: 'boolean' },
    'not-done': { type: 'boolean' },
    skip: { type: 'string' },
    note: { type: 'string' },
    device: { type: 'string' },
    finish: { type: 'boolean' },
  },
  run: (ctx) =>
    withService(ctx as Parsed, async (service, parsed) => {
      const { values, positionals } = parsed;
      if (positionals.length !== 2) throw new UsageError('name the RUN and the STEP');
      const [runId, step] = positionals as [string, string];
      const chosen = [values.done, values['not-done'], values.skip !== undefined].filter(Boolean);
      if (chosen.length !== 1)
        throw new UsageError('give one of --done, --not-done, --skip REASON');
      await takeOver(service, runId, {}, false);
      try {
        if (values.skip !== undefined) {
          await service.commands['run:skip']({ runId, step, reason: String(values.skip) });
        } else {
          await service.commands['run:attest']({
            runId,
            step,
            done: values.done === true,
            note: values.note as string | undefined,
            device: values.device as string | undefined,
          });
        }
      } catch (err) {
        // The answer was refused: the run goes back to being open for whoever answers next.
        await service.commands['run:leave-open']({ runId }).catch(() => {});
        throw err;
      }
      parsed.io.stderr(`runlog: ${visible(step)} recorded in run ${visible(runId)}\n`);
      const code = await endRun(service, runId, parsed.io, {
        json: parsed.globals.json,
        leftOpen: values.finish !== true,
        finish: values.finish === true,
      });
      return values.finish === true ? code : 0;
    }),
};

export const finishCommand: CommandSpec = {
  usage: `Usage: runlog finish RUN [--json]

Finishes an open or interrupted run with the status its steps give (steps left make it
incomplete). A finished run is read-only.
Exit status: 0 passed (or with exceptions), 1 failed, 2 bad input, 3 incomplete.`,
  run: (ctx) =>
    withService(ctx as Parsed, async (service, parsed) => {
      const runId = oneRun(parsed.positionals);
      await takeOver(service, runId, {}, false);
      const code = await endRun(service, runId, parsed.io, {
        json: parsed.globals.json,
        leftOpen: false,
        finish: true,
      });
      return code === exitCodeOf('open') ? 3 : code;
    }),
};
