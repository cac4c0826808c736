/**
 * The runs of this workstation waiting for the team ledger (its local queue, `ledger:status`):
 * which run, since when, how many attempts, when the next, and the last reason it failed. Shown
 * by Settings and by the Team history when the ledger cannot be reached, so an operator sees that
 * nothing is lost, only waiting.
 */
import { css, html, nothing } from 'lit';
import type { QueueEntry } from '../../src-main/core/ledger/index.js';
import { formatTime } from './format.js';

/** One line saying how many runs wait, or that none does. */
export function waitingSummary(entries: readonly QueueEntry[]): string {
  if (entries.length === 0)
    return 'Nothing waits: every finished run of this workstation is in the ledger.';
  const conflicts = entries.filter((e) => e.state === 'conflict').length;
  const runs = `${entries.length} run${entries.length === 1 ? '' : 's'}`;
  const verb = entries.length === 1 ? 'waits' : 'wait';
  return conflicts
    ? `${runs} of this workstation ${verb} to be published; ${conflicts} in conflict with the ledger.`
    : `${runs} of this workstation ${verb} to be published.`;
}

function entry(e: QueueEntry) {
  const conflict = e.state === 'conflict';
  return html`<li data-run=${e.runId} data-state=${e.state}>
    <div class="head">
      <a class="mono" href="#/run/${encodeURIComponent(e.runId)}">${e.runId}</a>
      <span class="badge ${conflict ? 'tone-fail' : 'tone-warn'}"
        >${conflict ? 'conflict' : 'waiting'}</span
      >
    </div>
    <div class="facts muted">
      <span>queued ${formatTime(e.queuedAt)}</span>
      <span>${e.attempts} attempt${e.attempts === 1 ? '' : 's'}</span>
      ${conflict ? nothing : html`<span>next try ${formatTime(e.nextAttemptAt)}</span>`}
    </div>
    ${e.lastError ? html`<div class="why">${e.lastError}</div>` : nothing}
  </li>`;
}

/** The list of waiting runs, or nothing when the queue is empty. */
export function waitingRuns(entries: readonly QueueEntry[]) {
  if (entries.length === 0) return nothing;
  return html`<ul class="waiting" aria-label="Runs waiting for the team ledger">
    ${entries.map(entry)}
  </ul>`;
}

/** The waiting list, for the elements that show it. */
export const waitingRunsStyles = css`
  ul.waiting {
    list-style: none;
    margin: 8px 0 0;
    padding: 0;
    border: 1px solid var(--rl-border);
    border-radius: var(--rl-radius);
    background: var(--rl-surface);
  }
  ul.waiting li {
    padding: 8px 10px;
    border-bottom: 1px solid var(--rl-border);
    font-size: 12.5px;
  }
  ul.waiting li:last-child {
    border-bottom: none;
  }
  ul.waiting .head {
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
  }
  ul.waiting a {
    color: var(--rl-link);
    overflow-wrap: anywhere;
  }
  ul.waiting .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 12px;
    margin-top: 3px;
  }
  ul.waiting .why {
    margin-top: 3px;
    color: var(--rl-fail);
    overflow-wrap: anywhere;
  }
`;
