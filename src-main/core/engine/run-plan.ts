/**
 * A run's plan as the engine records it: every step of the runbook with its applicability (or
 * why it cannot run as written), its outcome rules and the text it shows. A config step shows (and its attestation records) its text
 * with the run's parameters put in; every other step shows its text exactly as written.
 */
import { substituteParams } from '../runbook/config-text.js';
import type { Runbook, Step } from '../runbook/model.js';
import type { PlannedStep } from '../run-model.js';
import { EngineError } from './errors.js';
import { blockedReason, notApplicableReason } from './run-state.js';

/** The text a step shows and records: config text with the run's values, else as written. */
export function shownText(
  runbook: Pick<Runbook, 'params'>,
  step: Step,
  params: Readonly<Record<string, string>>,
): string {
  if (step.kind !== 'config') return step.text;
  const { text, problems } = substituteParams(step.text, runbook.params, params);
  if (problems.length > 0) {
    throw new EngineError(
      'bad-params',
      `Step "${step.name}" (line ${step.line}) cannot show its configuration: ${problems.join('; ')}`,
      problems,
    );
  }
  return text;
}

/** Every step of the runbook, in order, as the run's plan (refused when a value cannot be shown). */
export function planOf(
  runbook: Runbook,
  params: Readonly<Record<string, string>>,
  platform: string,
  categories?: readonly string[],
): PlannedStep[] {
  return runbook.steps.map((step) => {
    const notApplicable = notApplicableReason(step, platform, categories);
    const reason = notApplicable ?? blockedReason(runbook, step);
    return {
      name: step.name,
      kind: step.kind,
      text: shownText(runbook, step, params),
      status: notApplicable ? 'not-applicable' : 'pending',
      ...(reason ? { reason } : {}),
      rules: step.rules ?? {},
      ...(step.id ? { id: step.id } : {}),
    };
  });
}
