/**
 * "Run all": the applicable steps in document order, each command step run unless it is already
 * settled, pausing where the operator must act: a gate to confirm, a manual step to answer, a
 * step the caller asked to handle itself. It never runs what the run does not need: an
 * alternative whose group another option already completed, a step excluded from run all.
 */
import type { Step } from '../runbook/model.js';
import { classify, isSettled } from '../run-outcome.js';
import type { RunAllRequest, RunAllResult, RunStepRequest, StepOutcome } from './engine-types.js';
import { MANUAL_KINDS, type RunState, type StepState } from './run-state.js';
import { needsGate } from './step-gate.js';

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
    if (pauseAt.has(step.name) && !isSettled(state))
      return { stoppedAt: { step: step.name, reason: 'paused' } };
    if (isSettled(state) || alternativeDone(run, step)) continue;
    if (MANUAL_KINDS.has(step.kind)) {
      if (state.status === 'pending' && pausesAtManual(step, req))
        return { stoppedAt: { step: step.name, reason: 'pending-manual' } };
      continue;
    }
    if (step.excludeFromRunAll) continue;
    if (run.missingSecrets.length > 0)
      return { stoppedAt: { step: step.name, reason: 'needs-params' } };
    const gated = needsGate(step);
    if (gated && !req.confirmAll && !confirmed.has(step.name))
      return { stoppedAt: { step: step.name, reason: 'needs-confirmation' } };
    const outcome = await runStep({ runId: run.id, step: step.name, confirmed: gated });
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
