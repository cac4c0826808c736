/**
 * "Run all": the applicable steps in document order, each command step run unless it is already
 * settled, pausing where the operator must act: a gate to confirm, variables to set (promptEnv),
 * a manual step to answer, a step the caller asked to handle itself, a step that cannot run as
 * written. It never runs what the run does not need: an alternative whose group another option
 * already completed, a step excluded from run all, a step outside the chosen categories. A
 * background step starts and the walk goes on.
 */
import { stepErrors, type Step } from '../runbook/model.js';
import { classify, isSettled } from '../run-outcome.js';
import type { RunAllRequest, RunAllResult, RunStepRequest, StepOutcome } from './engine-types.js';
import { envQuestions } from './env-prompts.js';
import { MANUAL_KINDS, type RunState, type StepState } from './run-state.js';

const PENDING: StepState = { status: 'pending', attempts: 0 };

function stateOf(run: RunState, name: string): StepState {
  return run.steps.get(name) ?? PENDING;
}

/** True when another option of the step's alternative group is already done. */
export function alternativeDone(run: RunState, step: Step): boolean {
  const group = step.rules?.alternative?.group;
  if (!group) return false;
  const options = new Map<string, Step[]>();
  for (const other of run.runbook.steps) {
    const alternative = other.rules?.alternative;
    if (alternative?.group !== group) continue;
    if (stateOf(run, other.name).status === 'not-applicable') continue;
    const key = alternative.option || other.name;
    options.set(key, [...(options.get(key) ?? []), other]);
  }
  const own = step.rules?.alternative?.option || step.name;
  return [...options.entries()].some(
    ([key, steps]) => key !== own && steps.every((s) => isSettled(stateOf(run, s.name))),
  );
}

/** Whether run all should stop at a pending manual step (or walk past it). */
function pausesAtManual(step: Step, req: RunAllRequest): boolean {
  if (req.skipManual || req.pass?.includes(step.name)) return false;
  const needed = !step.rules?.optional && !step.excludeFromRunAll;
  return needed || req.askOptional === true;
}

/** True when the walk is limited to categories and the step is in none of them. */
function outsideCategories(step: Step, categories: readonly string[] | undefined): boolean {
  if (!categories || categories.length === 0) return false;
  return !(step.categories ?? []).some((c) => categories.includes(c));
}

/**
 * Where the walk meets a step written wrongly (its own error): 'runnable' when it is not; else a
 * stop naming its problems, or undefined to walk past it (optional, left out of run all, passed
 * on by the caller, or `keepGoing`).
 */
function invalidStop(
  run: RunState,
  step: Step,
  req: RunAllRequest,
): RunAllResult | undefined | 'runnable' {
  const errors = stepErrors(run.runbook, step.name);
  if (errors.length === 0) return 'runnable';
  if (step.rules?.optional || step.excludeFromRunAll || req.keepGoing) return undefined;
  if (req.pass?.includes(step.name)) return undefined;
  const problems = errors.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
  return { stoppedAt: { step: step.name, reason: 'invalid', problems } };
}

/** Walks the run; `runStep` runs one command step with the engine's checks. */
export async function walkRun(
  run: RunState,
  req: RunAllRequest,
  runStep: (req: RunStepRequest) => Promise<StepOutcome>,
): Promise<RunAllResult> {
  const confirmed = new Set(req.confirmed ?? []);
  const pauseAt = new Set(req.pauseAt ?? []);
  for (const step of run.runbook.steps) {
    const state = stateOf(run, step.name);
    if (state.status === 'not-applicable' || step.kind === 'display') continue;
    if (outsideCategories(step, req.categories) || run.background.has(step.name)) continue;
    if (pauseAt.has(step.name) && !isSettled(state))
      return { stoppedAt: { step: step.name, reason: 'paused' } };
    if (isSettled(state) || alternativeDone(run, step)) continue;
    const invalid = invalidStop(run, step, req);
    if (invalid !== 'runnable') {
      if (invalid) return invalid;
      continue;
    }
    if (MANUAL_KINDS.has(step.kind)) {
      if (state.status === 'pending' && pausesAtManual(step, req))
        return { stoppedAt: { step: step.name, reason: 'pending-manual' } };
      continue;
    }
    if (step.excludeFromRunAll) continue;
    if (run.missingSecrets.length > 0)
      return { stoppedAt: { step: step.name, reason: 'needs-params' } };
    const gated = step.sudo || step.confirm !== undefined;
    if (gated && !req.confirmAll && !confirmed.has(step.name))
      return { stoppedAt: { step: step.name, reason: 'needs-confirmation' } };
    let env = req.env?.[step.name];
    const questions = env === undefined ? envQuestions(run, step) : [];
    if (questions.length > 0) {
      if (!req.envDefaults)
        return { stoppedAt: { step: step.name, reason: 'needs-env', questions } };
      env = {};
    }
    const outcome = await runStep({ runId: run.id, step: step.name, confirmed: gated, env });
    if (outcome.status === 'running') continue;
    if (outcome.flag === 'stopped-by-operator') {
      // Stopping an open-ended step is how it ends: the walk goes on.
      run.stopRequested = false;
      continue;
    }
    if (outcome.status === 'stopped' || run.stopRequested)
      return { stoppedAt: { step: step.name, reason: 'stopped' } };
    const failed = classify(outcome) === 'failed';
    if (failed && !step.rules?.optional && !req.keepGoing)
      return { stoppedAt: { step: step.name, reason: 'failed' } };
  }
  return {};
}
