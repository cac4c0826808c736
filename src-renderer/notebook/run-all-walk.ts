/**
 * Run all in the notebook: the service walks the run's steps (`run:all`) and stops where the
 * operator must act; this loop answers what it can here (a gate confirmed in the dialog, a step's
 * exported variables asked for) and asks the service to go on, or says why the walk ended. Steps
 * whose text hides characters are all confirmed before the walk starts, so none stops half-way.
 */
import { appliesTo, type Step } from '../../src-main/core/runbook/model.js';
import type { ApiClient } from '../api/client.js';
import { hasHiddenChars } from '../shared/text-flags.js';
import type { StepView } from '../steps/step-view.js';
import { questionsOrExports, type EnvAnswers, type EnvPrompt } from './env-prompt.js';

/** What the walk needs of the notebook's session. */
export interface WalkSession {
  readonly runId: string;
  readonly runbook?: { steps: Step[] };
  readonly views: Record<string, StepView>;
  readonly platform: string;
  readonly env: EnvPrompt;
  ask(step: Step): Promise<boolean>;
  step(name: string): Step | undefined;
  call<T>(work: (client: ApiClient) => Promise<T>): Promise<T | undefined>;
}

type Notify = (message: string, kind?: 'info' | 'ok' | 'error') => void;

/** Command steps that Run all may reach whose text holds hidden characters. */
function hiddenInWalk(s: WalkSession): Step[] {
  return (s.runbook?.steps ?? []).filter((step) => {
    const status = s.views[step.name]?.status;
    return (
      step.kind === 'command' &&
      !step.excludeFromRunAll &&
      status !== 'passed' &&
      status !== 'not-applicable' &&
      appliesTo(step, s.platform) &&
      hasHiddenChars(step.text)
    );
  });
}

/** Walks the run until it ends or stops where the operator must act; `notify` says which. */
export async function walkAll(s: WalkSession, notify: Notify): Promise<void> {
  const runId = s.runId;
  const confirmed: string[] = [];
  let env: Record<string, EnvAnswers> | undefined;
  for (const step of hiddenInWalk(s)) {
    if (!(await s.ask(step))) return notify(`Run all not started: ${step.name} was not confirmed.`);
    confirmed.push(step.name);
  }
  for (;;) {
    const request = { runId, confirmed, ...(env ? { env } : {}) };
    env = undefined;
    const out = await s.call((c) => c.call('run:all', request));
    const stop = out?.stoppedAt;
    if (!out) return;
    if (!stop) return notify('Run all: every applicable step has run.', 'ok');
    const step = s.step(stop.step);
    switch (stop.reason) {
      case 'needs-confirmation':
        if (step && (await s.ask(step))) {
          confirmed.push(step.name);
          continue;
        }
        return notify(`Run all stopped before ${stop.step}: not confirmed.`);
      case 'needs-env': {
        const answers = step && (await s.env.ask(step, questionsOrExports(stop.questions, step)));
        if (answers) {
          env = { [stop.step]: answers };
          continue;
        }
        return notify(`Run all stopped before ${stop.step}: its values were not given.`);
      }
      case 'pending-manual':
        return notify(`Run all paused at ${stop.step}: attest it, then choose Run all again.`);
      case 'failed':
        return notify(`Run all stopped: ${stop.step} failed.`, 'error');
      case 'invalid':
        return notify(
          `Run all stopped: ${stop.step} cannot run until the runbook is fixed.`,
          'error',
        );
      default:
        return notify(`Run all stopped at ${stop.step}.`);
    }
  }
}
