/**
 * What the notebook shows about one step of one run, gathered from `history:get` and then kept up
 * to date by `step:state` events. Plain data so it can be passed down as a property.
 */
import type { Events } from '../../src-main/api/contract.js';
import type {
  Attestation,
  RunDetail,
  StepAttempt,
  StepFlag,
  StepStatus,
} from '../../src-main/core/run-model.js';

export interface StepView {
  status: StepStatus;
  /** What a reader must know beyond the status: failed as expected, unexpected success… */
  flag?: StepFlag;
  exitCode?: number;
  signal?: string;
  startedAt?: string;
  endedAt?: string;
  /** Latest execution; 0 while the step has none. */
  executionId: number;
  /** The latest attempt's number (1 for the first); 0 while the step has none. */
  attempt?: number;
  reason?: string;
  attestation?: Attestation;
  /**
   * The step's text as the run recorded it: for a configuration step, with the run's parameter
   * values substituted exactly as the engine did.
   */
  text?: string;
  /** Every attempt as recorded, oldest first; the last is the current result. */
  attempts?: StepAttempt[];
}

/** The views of every step of a recorded run, by step name. */
export function viewsOf(run: RunDetail): Record<string, StepView> {
  const views: Record<string, StepView> = {};
  for (const s of run.steps) {
    views[s.stepName] = {
      status: s.status,
      flag: s.flag,
      exitCode: s.exitCode,
      signal: s.signal,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      executionId: s.id,
      attempt: s.attempt,
      reason: s.reason,
      attestation: s.attestation,
      text: s.text,
      attempts: s.attempts,
    };
  }
  return views;
}

/** The attempts before the current one: the step's last attempt is shown as its result. */
export function earlierAttempts(view: StepView | undefined): StepAttempt[] {
  const all = view?.attempts ?? [];
  const current = view?.attempt ?? all.at(-1)?.attempt ?? 0;
  return all.filter((a) => a.attempt < current);
}

/** A step's view after a `step:state` event: the event's outcome over what was known. */
export function withStepState(before: StepView | undefined, p: Events['step:state']): StepView {
  return {
    ...before,
    status: p.status,
    flag: p.flag,
    attempt: p.attempt ?? before?.attempt,
    exitCode: p.exitCode,
    signal: p.signal,
    startedAt: p.startedAt ?? before?.startedAt,
    endedAt: p.endedAt,
    executionId: p.executionId || before?.executionId || 0,
  };
}
