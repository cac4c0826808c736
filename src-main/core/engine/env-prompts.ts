/**
 * Runme's promptEnv for Runlog: before a shell step runs, the operator may set the variables it
 * exports with a written value (`export HOST="db01"`). In auto mode (the default) only variables
 * the step's environment does not hold yet are asked; `promptEnv=yes` asks them all; `no`, and the
 * front matter's `skipPrompts`, never ask. An answer reaches the step through its environment:
 * its `export` line is reduced to `export NAME`, the value is never written into the text.
 * Answers are recorded as an event; one whose name says it is a secret is recorded redacted and
 * blanked from the output like a secret parameter.
 */
import type { Step } from '../runbook/model.js';
import { reservedNameProblem, validateParam } from '../runbook/params.js';
import { withAnswers } from '../runbook/shell-text.js';
import { REDACTED } from '../run-model.js';
import type { EnvQuestion } from './engine-types.js';
import { EngineError } from './errors.js';
import { baseEnv, now, type RunState } from './run-state.js';
import type { ExecutionContext, ExecutionInput } from './step-execution.js';
import { stepEnv } from './step-process.js';

/** Variable names that say they hold a secret: asked without echo, recorded redacted. */
const SECRET_NAME = /PASS(WORD|WD|PHRASE)?|SECRET|TOKEN|API_?KEY|PRIVATE|CREDENTIAL|AUTH/i;

/** True when a variable's name says its value is a secret. */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The variables to ask for before `step` runs now, in the order the step exports them. */
export function envQuestions(run: RunState, step: Step): EnvQuestion[] {
  const prompts = step.prompts ?? [];
  if (prompts.length === 0 || run.runbook.skipPrompts || step.promptEnv === 'never') return [];
  const env = step.promptEnv === 'always' ? {} : stepEnv(baseEnv(run, step), run.carried);
  return prompts
    .filter((p) => reservedNameProblem(p.name) === undefined && env[p.name] === undefined)
    .map((p) => ({ name: p.name, value: p.value, secret: looksSecret(p.name) }));
}

/** Checks the operator's answers against the questions; throws 'bad-params' naming the variable. */
function checkAnswers(step: Step, questions: EnvQuestion[], answers: Record<string, string>): void {
  const asked = new Set(questions.map((q) => q.name));
  for (const [name, value] of Object.entries(answers)) {
    if (!asked.has(name)) {
      throw new EngineError(
        'bad-params',
        `Step "${step.name}" does not ask for ${name}: it asks for ${[...asked].join(', ') || 'nothing'}.`,
      );
    }
    const problem = validateParam(
      { name, label: name, type: 'string', required: false, secret: looksSecret(name) },
      value,
    );
    if (problem) throw new EngineError('bad-params', `Step "${step.name}": ${problem}`, [problem]);
  }
}

/**
 * What runs: the step's script with the answered `export` lines reduced, and the answers as its
 * environment. Without answers while there are questions, refuses with 'needs-env'.
 */
export function prepareInput(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  answers: Record<string, string> | undefined,
): ExecutionInput {
  const script = step.script ?? step.text;
  const questions = envQuestions(run, step);
  if (questions.length === 0) return { text: script };
  if (answers === undefined) {
    throw new EngineError(
      'needs-env',
      `Step "${step.name}" asks for ${questions.map((q) => q.name).join(', ')} before it runs.`,
      { step: step.name, questions },
    );
  }
  checkAnswers(step, questions, answers);
  const given = Object.keys(answers);
  if (given.length === 0) return { text: script };
  for (const name of given) if (looksSecret(name) && answers[name]) run.secrets.push(answers[name]);
  const detail = given
    .map((name) => `${name}=${looksSecret(name) ? REDACTED : answers[name]}`)
    .join(', ');
  ctx.recorder.event(run.id, { at: now(), type: 'env-answered', stepName: step.name, detail });
  return {
    text: withAnswers(script, step.prompts ?? [], new Set(given), step.line + 1),
    answers,
  };
}
