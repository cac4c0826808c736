/**
 * A finished run's summary above its steps: its status, when it ended, why it has that status
 * (the outcome notes) and, when it used more than one, the runbook versions with their hashes.
 */
import { css, html, nothing } from 'lit';
import { statusBadge } from '../shared/badge.js';
import { formatTime } from '../shared/format.js';
import { outcomeLines } from './outcome-words.js';
import type { RunSession } from './run-session.js';

/** Characters of a version's SHA-256 shown inline; the whole hash is its title. */
const SHORT_SHA = 12;

/**
 * The summary of a finished run, or of an open run this window let go of; nothing for a run held
 * here or a runbook without a run.
 */
export function runSummary(s: RunSession) {
  if (!s.readonly || !s.runId) return nothing;
  const lines = outcomeLines(s.outcome);
  const said = s.leftOpen
    ? html`Left open, held by no process: resume it here (Resume here, or Resume in History) or on a
        terminal with <span class="mono">runlog resume ${s.runId}</span>. Nothing runs from this
        window until then.`
    : html`Finished ${formatTime(s.endedAt)}. Read-only: nothing in it runs or changes.`;
  return html`<section class="summary" data-role="run-summary" aria-label="Run summary">
    <p>${statusBadge(s.status, 'summary-status')} ${said}</p>
    ${
      lines.length
        ? html`<ul data-role="outcome-notes">
            ${lines.map((l) => html`<li>${l}</li>`)}
          </ul>`
        : nothing
    }
    ${
      s.versions.length > 1
        ? html`<p class="muted" data-role="versions">
            Runbook versions:
            ${s.versions.map(
              (v, i) =>
                html`<span class="mono" title=${v.sha256}
                  >${i + 1}. ${v.sha256.slice(0, SHORT_SHA)}…</span
                > `,
            )}
          </p>`
        : nothing
    }
  </section>`;
}

/** The summary's box, in the notebook's styles. */
export const runSummaryStyles = css`
  .summary {
    margin: 14px 0;
    padding: 8px 12px;
    border: 1px solid var(--rl-border);
    border-radius: var(--rl-radius);
    background: var(--rl-surface);
    font-size: 13px;
  }
  .summary p {
    margin: 4px 0;
  }
  .summary ul {
    margin: 4px 0;
    padding-left: 20px;
    overflow-wrap: anywhere;
  }
`;
