/**
 * What one execution of a command step means for the run: its status, and a flag when the
 * status alone would mislead a reader. The runbook decides through `expect` (which exit codes are
 * a success, or that the step is meant to fail) and `openEnded` (a stop by the operator is the
 * step's normal end).
 */
import type { Step } from '../runbook/model.js';
import type { StepFlag, StepStatus } from '../run-model.js';
import type { SessionEnd } from './pty-session.js';

/** A step's status after one execution, with the flag that explains it when needed. */
export interface Verdict {
  status: StepStatus;
  flag?: StepFlag;
}

/** How an execution ended, as the verdict needs it. */
export interface ExecutionEnd {
  end: SessionEnd;
  exitCode?: number;
  /** The operator asked for the stop (not a shutdown, not a full disk). */
  stoppedByOperator: boolean;
}

/** The verdict on one execution of `step`. */
export function verdict(step: Pick<Step, 'expect' | 'rules'>, ended: ExecutionEnd): Verdict {
  const rules = step.rules ?? {};
  if (ended.end === 'stopped') {
    return rules.openEnded && ended.stoppedByOperator
      ? { status: 'passed', flag: 'stopped-by-operator' }
      : { status: 'stopped' };
  }
  if (ended.end === 'timed-out') return { status: 'timed-out' };
  const code = ended.exitCode;
  if (code === undefined) return { status: 'failed' };
  if (!rules.expectFailure) return { status: step.expect.includes(code) ? 'passed' : 'failed' };
  if (code === 0) return { status: 'passed', flag: 'unexpected-success' };
  if (step.expect.length === 0 || step.expect.includes(code))
    return { status: 'passed', flag: 'failed-as-expected' };
  return { status: 'failed' };
}
