/** The Skip button every runnable step offers: it asks the notebook, which asks for the reason. */
import { html } from 'lit';
import { emit } from '../shared/events.js';

/** "Skip…" for a step; the notebook's dialog asks why before anything is recorded. */
export function skipButton(from: HTMLElement, step: string) {
  return html`<button
    data-role="skip"
    title="Skip this step and say why (kept in the evidence)"
    @click=${() => emit(from, 'rl-skip-step', { step })}
  >
    Skip…
  </button>`;
}
