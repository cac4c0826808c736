/**
 * `runlog run`: walks a runbook in the terminal. Output streams live; what the operator types goes
 * to the running step and is never recorded. The order of steps, the gates and the stops are the
 * engine's; questions and answers are the walk's (walk.ts); how the run ends is run-end.ts.
 */
import { stepErrors, type Runbook } from '../core/runbook/model.js';
import type { Service } from '../api/service.js';
import { readAnswers, splitPair, stepOf } from './answers.js';
import { UsageError } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { readEnvOption } from './env-answers.js';
import { endRun } from './run-end.js';
import { streamRun, type WalkStreams } from './step-stream.js';
import { TerminalInput } from './terminal-input.js';
import { visible } from './terminal-text.js';
import { Walk, type WalkOptions } from './walk.js';
import { withService } from './with-service.js';

export const RUN_USAGE = `Usage: runlog run RUNBOOK [options]    (RUNBOOK is an id or a path)

Runs the runbook's steps in order in a real terminal and records the run. On a terminal it asks
for each gate (sudo or confirm), each checklist and config step, and what to do after a failure.

Options:
  --param NAME=VALUE     a parameter value (repeatable); a secret one is never stored
  --step NAME            run only this step (repeatable, in this order); NAME may also be the
                         name Runme gives the cell (shown as "also" by runlog show) or its id
  --category NAME        run only the steps of this Runme category (repeatable)
  --env NAME=VALUE       the value of a variable a step exports (promptEnv); on a terminal
                         the others are asked, elsewhere they keep the value in the step
  --yes, -y              confirm every sudo/confirm gate in advance
  --keep-going           go on after a failed step
  --attest NAME[=done|not-done]
                         answer a checklist or config step when its turn comes (repeatable)
  --note NAME=TEXT       a note with the --attest answer of NAME
  --device NAME=DEVICE   the device a config step was applied on, with its --attest answer
  --skip NAME=REASON     skip a step with a reason when its turn comes (repeatable)
  --finish               finish the run at the end even with steps left (it is then incomplete)
  --json                 the run's result as JSON on stdout; step output goes to stderr
  --data-dir DIR, --runbooks DIR    see runlog --help

A runbook that is not bundled must be trusted first: on a terminal you are shown its SHA-256 and
asked; otherwise run "runlog trust FILE". Answers are checked before anything is recorded.
Ctrl-C stops the running step (its files are hashed, its status is "stopped"); a second Ctrl-C
within 2 s leaves the run open and quits: continue it with "runlog resume RUN".
A run with required steps left (no terminal, no answer) is left open for "runlog attest".

Exit status: 0 passed (or passed with exceptions), 1 failed, 2 bad input, 3 incomplete or left open.`;

/** Where output and messages go: step output on stdout, or on stderr when stdout carries JSON. */
export function walkStreams(json: boolean): WalkStreams {
  return { output: json ? process.stderr : process.stdout, messages: process.stderr };
}

/** Refuses an untrusted runbook, or on a terminal shows its hash and asks to trust it. */
async function ensureTrusted(service: Service, id: string): Promise<Runbook> {
  const { runbook, trusted } = await service.commands['library:get']({ id });
  if (trusted) return runbook;
  const file = visible(runbook.file);
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    throw Object.assign(
      new Error(
        `${file} is not trusted. Read it, then trust this version with: runlog trust ${file}`,
      ),
      { code: 'untrusted' },
    );
  }
  const input = new TerminalInput(
    { stdin, prompts: process.stderr },
    { toStep: () => {}, interrupt: () => {} },
  );
  process.stderr.write(
    `${file} is not bundled with Runlog and not trusted yet.\r\n  SHA-256 ${runbook.sha256}\r\nRead it first (runlog show ${file}).\r\n`,
  );
  input.start();
  const reply = await input
    .ask('Trust this exact version and run it? [y/N] ')
    .finally(() => input.stop());
  if (!/^y(es)?$/i.test(reply?.trim() ?? ''))
    throw Object.assign(new Error(`${file} was not trusted; nothing was run.`), {
      code: 'untrusted',
    });
  await service.commands['library:trust']({ id: runbook.file, sha256: runbook.sha256 });
  return runbook;
}

/** A `--step` reference as the step's name, refused (exit 2) when the step cannot run as written. */
function runnableStep(runbook: Runbook, ref: string): string {
  const { name } = stepOf(runbook, ref, '--step', process.platform);
  const errors = stepErrors(runbook, name);
  if (errors.length > 0) {
    const list = errors.map(
      (p) => `${visible(p.file)}:${p.line}:${p.column}: ${visible(p.message)}`,
    );
    throw Object.assign(
      new Error(`step ${visible(name)} cannot run until the runbook is fixed:\n${list.join('\n')}`),
      { code: 'step-invalid' },
    );
  }
  return name;
}

/** `--param NAME=VALUE…` as a map (a name given twice is refused). */
export function readParams(list: string[] | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of list ?? []) {
    const [name, value] = splitPair(item, '--param');
    if (Object.hasOwn(params, name)) throw new UsageError(`--param ${name} is given twice`);
    params[name] = value ?? '';
  }
  return params;
}

/** Walks a run in this terminal and ends it; the exit status. */
export async function walkAndEnd(
  service: Service,
  runId: string,
  ctx: Parsed,
  walk: WalkOptions,
): Promise<number> {
  const streams = walkStreams(ctx.globals.json);
  const subscriber = streamRun(service, runId, streams);
  let end;
  try {
    end = await new Walk(service, runId, streams, walk).run();
  } finally {
    subscriber.unsubscribe();
  }
  return endRun(service, runId, ctx.io, {
    json: ctx.globals.json,
    leftOpen: end === 'leave',
    // The walk stopped where the run should end (a failure, a stop, the operator's "finish").
    finish: ctx.values.finish === true || end === 'finish',
  });
}

/** The options of every command that walks a run (`run` and `resume`): values and answers. */
export const WALK_OPTIONS = {
  param: { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  attest: { type: 'string', multiple: true },
  note: { type: 'string', multiple: true },
  device: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
  'keep-going': { type: 'boolean' },
  finish: { type: 'boolean' },
} as const satisfies CommandSpec['options'];

export const runCommand: CommandSpec = {
  usage: RUN_USAGE,
  options: {
    ...WALK_OPTIONS,
    step: { type: 'string', multiple: true },
    category: { type: 'string', multiple: true },
  },
  run: (ctx) =>
    withService(
      ctx as Parsed,
      async (service, parsed) => {
        const { values, positionals } = parsed;
        if (positionals.length !== 1) throw new UsageError('name one RUNBOOK (an id or a path)');
        const params = readParams(values.param as string[] | undefined);
        const runbook = await ensureTrusted(service, positionals[0] ?? '');
        const answers = readAnswers(runbook, values as Record<string, string[]>, process.platform);
        const steps = ((values.step as string[] | undefined) ?? []).map((ref) =>
          runnableStep(runbook, ref),
        );
        // The engine refuses a category no step is in, before anything is recorded.
        const categories = (values.category as string[] | undefined) ?? [];
        if (categories.length > 0 && steps.length > 0)
          throw new UsageError('give --step or --category, not both');
        const env = readEnvOption(values.env as string[] | undefined);
        const { runId } = await service.commands['run:start']({
          runbookId: runbook.file,
          params,
          ...(categories.length > 0 ? { categories } : {}),
        });
        parsed.io.stderr(`runlog: run ${runId}\n`);
        return walkAndEnd(service, runId, parsed, {
          yes: values.yes === true,
          keepGoing: values['keep-going'] === true,
          steps,
          answers,
          categories,
          env,
        });
      },
      { warmEngine: true },
    ),
};
