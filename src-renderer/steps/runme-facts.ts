/**
 * What a cell says about a step written for Runme: the other names it answers to (Runme's derived
 * name), its Runme cell id, its categories, that it runs in the background, and why a run for
 * some categories passes it over. Runme users find their cells by these.
 */
import { css, html, nothing } from 'lit';
import type { Step } from '../../src-main/core/runbook/model.js';
import type { StepView } from './step-view.js';

/** Start of the reason a run records for a step outside the categories it was started for. */
const CATEGORY_REASON = 'category:';

/** Characters of a Runme cell id shown in the header; the whole id is in its title. */
const ID_SHOWN = 10;

export const runmeFactsStyles = css`
  .runme {
    display: inline-flex;
    gap: 8px;
    flex-wrap: wrap;
    font-size: 11px;
    font-family: var(--rl-mono);
  }
  .runme-note {
    padding: 5px 12px;
    border-bottom: 1px solid var(--rl-border);
    font-size: 12px;
  }
`;

/** The step's aliases and Runme cell id, for its header ("also: echo-1", "id: 01H…"). */
export function runmeNames(step: Step) {
  const aliases = step.aliases ?? [];
  if (aliases.length === 0 && !step.id) return nothing;
  const id = step.id ?? '';
  return html`<span class="runme muted">
    ${aliases.length > 0 ? html`<span data-role="aliases">also: ${aliases.join(', ')}</span>` : nothing}
    ${id ? html`<span data-role="cell-id" title=${`Runme cell id ${id}`}>id: ${id.length > ID_SHOWN ? `${id.slice(0, ID_SHOWN)}…` : id}</span>` : nothing}
  </span>`;
}

/** Badges for the step's Runme settings: background, categories. */
export function runmeBadges(step: Step) {
  return html`${
    step.background
      ? html`<span
          class="badge plain"
          data-role="background"
          title="Starts and the walk goes on; Finish run stops it"
          >background</span
        >`
      : nothing
  }
  ${(step.categories ?? []).map((c) => html`<span class="badge plain muted" data-role="category">${c}</span>`)}`;
}

/** A line under the header: a background step running, or a step outside the chosen categories. */
export function runmeNote(step: Step, view: StepView | undefined) {
  if (view?.status === 'not-applicable' && view.reason?.startsWith(CATEGORY_REASON)) {
    return html`<p class="runme-note muted" data-role="runme-note">
      Not applicable: not in the chosen categories.
    </p>`;
  }
  if (step.background && view?.status === 'running') {
    return html`<p class="runme-note" data-role="runme-note">
      Running in the background: the other steps can run meanwhile. Stop ends it; Finish run stops
      it too.
    </p>`;
  }
  return nothing;
}
