/**
 * A run's plan as the engine records it, and the checks made before anything runs: the runbook
 * and the parameter values are valid, every step of the runbook has its applicability (or why it
 * cannot run as written), its outcome rules and the text it shows, and a gated step has the
 * operator's word. A config step shows (and its attestation records) its text with the run's
 * parameters put in; every other step shows its text exactly as written. The refusals name the
 * file, line and rule, for a person to read.
 */
import { substituteParams } from '../runbook/config-text.js';
import { hasErrors, type Runbook, type Step } from '../runbook/model.js';
import { resolveParams } from '../runbook/params.js';
import type { PlannedStep } from '../run-model.js';
import { EngineError } from './errors.js';
import { gateRefusal, needsGate } from './step-gate.js';
import { blockedReason, checkCategories, notApplicableReason, type RunState } from './run-state.js';

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

/**
 * Checks a runbook, the operator's values and the categories asked for before a run opens;
 * returns the values, the plan and the categories the run is for (undefined: a whole run).
 */
export function planRun(
  runbook: Runbook,
  params: Readonly<Record<string, string>>,
  platform: string,
  categoriesAsked?: readonly string[],
): { values: Record<string, string>; plan: PlannedStep[]; categories?: string[] } {
  if (hasErrors(runbook)) {
    const list = runbook.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    throw new EngineError('runbook-invalid', `The runbook has errors:\n${list.join('\n')}`, list);
  }
  const resolved = resolveParams(runbook.params, params);
  if (resolved.errors.length > 0) {
    const messages = resolved.errors.map((e) => e.message);
    throw new EngineError('bad-params', messages.join('\n'), resolved.errors);
  }
  const categories = checkCategories(runbook, categoriesAsked);
  const plan = planOf(runbook, resolved.values, platform, categories);
  return { values: resolved.values, plan, categories };
}

/**
 * Refuses a command step that may not start yet: a resumed run still lacks secret values, or the
 * step needs the operator's word (elevated rights, a confirmation, characters a screen does not
 * show: see step-gate.ts) and the request does not confirm it.
 */
export function checkGate(run: RunState, step: Step, confirmed: boolean | undefined): void {
  if (run.missingSecrets.length > 0) {
    throw new EngineError(
      'needs-params',
      `This resumed run needs the value of ${run.missingSecrets.join(', ')} again (secret values are never stored).`,
      run.missingSecrets,
    );
  }
  if (needsGate(step) && confirmed !== true) throw gateRefusal(run, step);
}
