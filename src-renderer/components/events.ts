/**
 * Every event the notebook's elements send up to the shell, in one typed map. Leaf elements never
 * call the API: they say what the operator asked for and the shell decides. All events bubble and
 * cross shadow roots (composed); the "before" ones are cancelable so the shell can say no.
 */
export type ExportFormat = 'html' | 'json' | 'pdf';

export interface RlEventMap {
  /** The operator picked a runbook in the library. */
  'rl-open-runbook': { id: string };
  /** A step is about to run; cancel it to stop the run (the shell shows the confirm dialog). */
  'rl-before-run': { step: string };
  /** Run this step now (sent only when `rl-before-run` was not canceled). */
  'rl-run-step': { step: string };
  'rl-stop-step': { step: string };
  /** A checklist or configuration step was attested done or not done. */
  'rl-attest': { step: string; done: boolean; note?: string; device?: string };
  /** Parameter values as typed, with whether every one of them is valid. */
  'rl-params-change': { values: Record<string, string>; valid: boolean };
  'rl-start-run': Record<string, never>;
  'rl-run-all': Record<string, never>;
  'rl-finish-run': Record<string, never>;
  'rl-export': { format: ExportFormat };
  /** The operator reviewed an untrusted runbook and trusts this exact version. */
  'rl-trust': { id: string; sha256: string };
  /** Continue the run with the runbook's new version. */
  'rl-accept-change': Record<string, never>;
  'rl-open-run': { runId: string };
  /** Delete a past run; the history list asked the operator first. */
  'rl-delete-run': { runId: string };
  'rl-history-filter': { text: string; status: string };
  /** The operator's runbook folders, as they should now be. */
  'rl-set-folders': { folders: string[] };
  /** The confirm dialog's answer for a gated step. */
  'rl-confirm-answer': { step: string; confirmed: boolean };
}

export type RlEventName = keyof RlEventMap;
export type RlEvent<K extends RlEventName> = CustomEvent<RlEventMap[K]>;

/**
 * Sends a typed event from `from`; returns false when a listener canceled it. Composed so it
 * reaches the shell through every shadow root on the way.
 */
export function emit<K extends RlEventName>(
  from: EventTarget,
  name: K,
  detail: RlEventMap[K],
  cancelable = false,
): boolean {
  return from.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }),
  );
}

declare global {
  interface HTMLElementEventMap {
    'rl-open-runbook': RlEvent<'rl-open-runbook'>;
    'rl-before-run': RlEvent<'rl-before-run'>;
    'rl-run-step': RlEvent<'rl-run-step'>;
    'rl-stop-step': RlEvent<'rl-stop-step'>;
    'rl-attest': RlEvent<'rl-attest'>;
    'rl-params-change': RlEvent<'rl-params-change'>;
    'rl-start-run': RlEvent<'rl-start-run'>;
    'rl-run-all': RlEvent<'rl-run-all'>;
    'rl-finish-run': RlEvent<'rl-finish-run'>;
    'rl-export': RlEvent<'rl-export'>;
    'rl-trust': RlEvent<'rl-trust'>;
    'rl-accept-change': RlEvent<'rl-accept-change'>;
    'rl-open-run': RlEvent<'rl-open-run'>;
    'rl-delete-run': RlEvent<'rl-delete-run'>;
    'rl-history-filter': RlEvent<'rl-history-filter'>;
    'rl-set-folders': RlEvent<'rl-set-folders'>;
    'rl-confirm-answer': RlEvent<'rl-confirm-answer'>;
  }
}
