/**
 * The gate before a command step: the operator's word is needed for a step that runs with
 * elevated rights (`sudo`), one that asks for confirmation (`confirm`), and one whose text holds
 * characters a screen does not show (invisible, bidirectional or control characters), since what
 * runs could then differ from what the operator read. The engine applies it to every request, so
 * neither the CLI nor a raw contract call can run such a step without saying it was confirmed.
 */
import { findHiddenChars } from '../runbook/hidden-text.js';
import type { Step } from '../runbook/model.js';
import { REDACTED } from '../run-model.js';
import type { ConfirmationDetails } from './engine-types.js';
import { EngineError } from './errors.js';
import type { RunState } from './run-state.js';

/** Hidden characters named one by one in a refusal; past this, a count says the rest. */
const NAMED_HIDDEN_MAX = 3;

/** True when the step runs only once the operator has confirmed it. */
export function needsGate(step: Pick<Step, 'sudo' | 'confirm' | 'text'>): boolean {
  return step.sudo || step.confirm !== undefined || findHiddenChars(step.text).length > 0;
}

/** "U+202E right-to-left override (line 1)", and so on: the hidden characters of a text in words. */
export function describeHidden(text: string): string {
  const hidden = findHiddenChars(text);
  const named = hidden
    .slice(0, NAMED_HIDDEN_MAX)
    .map((h) => `${h.codePoint} ${h.name} (line ${h.line})`);
  const more = hidden.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

/** Why the step waits for the operator, in the words of a refusal. */
function reasons(step: Step): string[] {
  const why: string[] = [];
  if (step.sudo) why.push('runs with elevated rights');
  if (step.confirm !== undefined) why.push(`asks for confirmation: ${step.confirm}`);
  if (findHiddenChars(step.text).length > 0)
    why.push(`holds characters that do not show on screen: ${describeHidden(step.text)}`);
  return why;
}

/** What a door shows before asking: the exact text, why, and the parameters of its environment. */
export function confirmationDetails(run: RunState, step: Step): ConfirmationDetails {
  const secret = new Set(run.runbook.params.filter((p) => p.secret).map((p) => p.name));
  const hidden = findHiddenChars(step.text);
  return {
    step: step.name,
    text: step.text,
    sudo: step.sudo,
    confirm: step.confirm,
    ...(hidden.length > 0 ? { hidden } : {}),
    params: Object.fromEntries(
      Object.entries(run.params).map(([k, v]) => [k, secret.has(k) && v !== '' ? REDACTED : v]),
    ),
    runbookSha256: run.pinnedSha,
  };
}

/** The refusal of an unconfirmed gated step, with the details a door shows before asking again. */
export function gateRefusal(run: RunState, step: Step): EngineError {
  return new EngineError(
    'needs-confirmation',
    `Step "${step.name}" ${reasons(step).join('; it ')}. Confirm it to run it.`,
    confirmationDetails(run, step),
  );
}

/** What the history's "gate-confirmed" event says the operator confirmed. */
export function gateEventDetail(step: Step): string | undefined {
  const hidden = findHiddenChars(step.text).length > 0;
  const parts = [step.confirm, hidden ? `hidden characters: ${describeHidden(step.text)}` : ''];
  return parts.filter(Boolean).join('; ') || undefined;
}
