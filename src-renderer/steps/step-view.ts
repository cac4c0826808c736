/**
 * What the notebook shows about one step of one run, gathered from `history:get` and then kept up
 * to date by `step:state` events. Plain data so it can be passed down as a property.
 */
import type { Attestation, RunDetail, StepStatus } from '../../src-main/core/run-model.js';

export interface StepView {
  status: StepStatus;
  exitCode?: number;
  signal?: string;
  startedAt?: string;
  endedAt?: string;
  /** Latest execution; 0 while the step has none. */
  executionId: number;
  reason?: string;
  attestation?: Attestation;
}

/** The views of every step of a recorded run, by step name. */
export function viewsOf(run: RunDetail): Record<string, StepView> {
  const views: Record<string, StepView> = {};
  for (const s of run.steps) {
    views[s.stepName] = {
      status: s.status,
      exitCode: s.exitCode,
      signal: s.signal,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      executionId: s.id,
      reason: s.reason,
      attestation: s.attestation,
    };
  }
  return views;
}
