/**
 * The answers given on the command line for the steps of a walk: `--attest NAME[=done|not-done]`
 * with `--note NAME=TEXT` and `--device NAME=DEVICE`, and `--skip NAME=REASON`. They are checked
 * against the runbook before the run starts (so a misspelt name records nothing) and used when
 * each step's turn comes (so the record shows them in the order the walk reached them).
 */
import { findStep, type Runbook, type Step } from '../core/runbook/model.js';
import { UsageError } from './cli-io.js';

/** What the operator said about one step in advance. */
export type Answer =
  | { kind: 'attest'; done: boolean; note?: string; device?: string }
  | { kind: 'skip'; reason: string };

/** The raw option values, as parseArgs gives them. */
export interface AnswerOptions {
  attest?: string[];
  note?: string[];
  device?: string[];
  skip?: string[];
  step?: string[];
}

const MANUAL = new Set(['checklist', 'config']);

/** Splits `NAME=VALUE`; with `optional`, a bare `NAME` gives an undefined value. */
export function splitPair(
  item: string,
  flag: string,
  optional = false,
): [string, string | undefined] {
  const at = item.indexOf('=');
  if (at === 0 || (at < 0 && !optional))
    throw new UsageError(`${flag} takes NAME=VALUE, not "${item}"`);
  return at < 0 ? [item, undefined] : [item.slice(0, at), item.slice(at + 1)];
}

/**
 * The step an option names (its name, a Runme alias or a Runme cell id), checked to be one the
 * walk can reach; throws a UsageError listing the runbook's steps otherwise.
 */
export function stepOf(runbook: Runbook, name: string, flag: string, platform: string): Step {
  const step = findStep(runbook.steps, name);
  if (!step) {
    const names = runbook.steps.filter((s) => s.kind !== 'display').map((s) => s.name);
    throw new UsageError(
      `${flag} ${name}: runbook "${runbook.id}" has no step "${name}". Its steps: ${names.join(', ')}`,
    );
  }
  if (step.kind === 'display')
    throw new UsageError(`${flag} ${name}: that block is shown, not a step to do`);
  if (step.platforms.length > 0 && !(step.platforms as string[]).includes(platform)) {
    throw new UsageError(
      `${flag} ${name}: the step is for ${step.platforms.join(', ')}, not ${platform}`,
    );
  }
  return step;
}

function attestAnswer(step: Step, value: string | undefined): Answer {
  if (!MANUAL.has(step.kind)) {
    throw new UsageError(
      `--attest ${step.name}: a ${step.kind} step is run, not attested (use --skip ${step.name}=REASON to leave it out)`,
    );
  }
  const word = (value ?? 'done').toLowerCase();
  if (word !== 'done' && word !== 'not-done') {
    throw new UsageError(
      `--attest ${step.name}=${value}: the answer is done or not-done (a note goes in --note ${step.name}=TEXT)`,
    );
  }
  return { kind: 'attest', done: word === 'done' };
}

/** Reads and checks every answer; throws a UsageError (exit 2) naming the first bad one. */
export function readAnswers(
  runbook: Runbook,
  options: AnswerOptions,
  platform: string,
): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  const once = (name: string, flag: string) => {
    if (answers.has(name)) throw new UsageError(`${flag} ${name}: the step already has an answer`);
  };
  for (const item of options.attest ?? []) {
    const [ref, value] = splitPair(item, '--attest', true);
    const step = stepOf(runbook, ref, '--attest', platform);
    once(step.name, '--attest');
    answers.set(step.name, attestAnswer(step, value));
  }
  for (const item of options.skip ?? []) {
    const [ref, reason] = splitPair(item, '--skip');
    const { name } = stepOf(runbook, ref, '--skip', platform);
    once(name, '--skip');
    if (!reason?.trim()) throw new UsageError(`--skip ${ref}=REASON: say why the step is not done`);
    answers.set(name, { kind: 'skip', reason: reason.trim() });
  }
  for (const [flag, field] of [
    ['--note', 'note'],
    ['--device', 'device'],
  ] as const) {
    for (const item of options[field] ?? []) {
      const [ref, value] = splitPair(item, flag);
      const step = stepOf(runbook, ref, flag, platform);
      const name = step.name;
      const answer = answers.get(name);
      if (answer?.kind !== 'attest')
        throw new UsageError(`${flag} ${name}: give --attest ${name} with it`);
      if (field === 'device' && step.kind !== 'config')
        throw new UsageError(`--device ${name}: only a config step is applied on a device`);
      answer[field] = value;
    }
  }
  for (const [name, answer] of answers) {
    const step = runbook.steps.find((s) => s.name === name)!;
    if (
      answer.kind === 'attest' &&
      answer.done &&
      step.rules?.deviceRequired &&
      !answer.device?.trim()
    )
      throw new UsageError(
        `--attest ${name}: the runbook asks for the device; add --device ${name}=NAME`,
      );
  }
  for (const name of options.step ?? []) stepOf(runbook, name, '--step', platform);
  return answers;
}
