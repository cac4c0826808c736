/** A step's own errors in the runbook, shown in its cell in place of what would run or attest it. */
import { html, nothing } from 'lit';
import type { Problem } from '../../src-main/core/runbook/model.js';

/** Why the step cannot be run or attested as written, each error with its line. */
export function stepProblems(problems: readonly Problem[]) {
  if (problems.length === 0) return nothing;
  return html`<div class="problems" data-role="step-problems" role="note">
    <strong>This step cannot run until the runbook is fixed:</strong>
    ${problems.map((p) => html`<div>line ${p.line}: ${p.message}</div>`)}
  </div>`;
}
