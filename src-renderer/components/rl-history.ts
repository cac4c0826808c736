/**
 * Past runs: status, runbook, when, who and where, progress. Filter by text and status; open one
 * to see it read-only; delete one only after confirming in a dialog (the history is audit
 * material).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { RunSummary } from '../../src-main/core/run-model.js';
import { emit } from './events.js';
import { sharedStyles } from './shared-styles.js';
import { STATUS_LABELS, formatDuration, formatTime } from './step-view.js';
import type { RlAskDialog } from './rl-ask-dialog.js';
import './rl-ask-dialog.js';

const STATUSES = ['', 'open', 'passed', 'failed', 'incomplete', 'interrupted'] as const;

/** Pause after the last keystroke before the list is filtered again. */
const FILTER_DEBOUNCE_MS = 200;

@customElement('rl-history')
export class RlHistory extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        padding: 18px 24px;
      }
      h1 {
        font-size: 19px;
        margin: 0 0 12px;
      }
      .filters {
        display: flex;
        gap: 8px;
        margin-bottom: 12px;
      }
      .filters input {
        width: 320px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        background: var(--rl-surface);
        border: 1px solid var(--rl-border);
        border-radius: var(--rl-radius);
        font-size: 13px;
      }
      th,
      td {
        text-align: left;
        padding: 7px 10px;
        border-bottom: 1px solid var(--rl-border);
        white-space: nowrap;
      }
      th {
        font-size: 11px;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--rl-muted);
        background: var(--rl-surface-2);
      }
      tbody tr:hover {
        background: var(--rl-surface-2);
      }
      td.runbook {
        white-space: normal;
      }
      td.runbook a {
        color: inherit;
        font-weight: 600;
        text-decoration: none;
      }
      td.runbook a:hover {
        text-decoration: underline;
      }
      .id {
        font-size: 11px;
      }
      .empty {
        padding: 24px;
        text-align: center;
      }
      .count {
        margin-top: 8px;
        font-size: 12px;
      }
    `,
  ];

  @property({ attribute: false }) runs: RunSummary[] = [];
  @property({ type: Number }) total = 0;
  @state() private text = '';
  @state() private status = '';
  @query('rl-ask-dialog') private askDialog!: RlAskDialog;
  private timer?: ReturnType<typeof setTimeout>;
  /** The run whose deletion was asked for, until the list no longer shows it. */
  private deleting = '';

  private filter(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => emit(this, 'rl-history-filter', { text: this.text, status: this.status }),
      FILTER_DEBOUNCE_MS,
    );
  }

  private async askDelete(run: RunSummary): Promise<void> {
    const ok = await this.askDialog.ask({
      title: 'Delete this run?',
      message:
        `The run of "${run.runbookTitle}" started ${formatTime(run.startedAt)} (${run.id}).\n` +
        'Its record, output and attestations are removed from the history. Exported evidence is not affected.',
      confirmLabel: 'Delete run',
      danger: true,
    });
    if (!ok) return;
    this.deleting = run.id;
    emit(this, 'rl-delete-run', { runId: run.id });
  }

  /** Once the list no longer holds the deleted run, focus goes to the filter above the list. */
  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('runs') || !this.deleting) return;
    if (this.runs.some((r) => r.id === this.deleting)) return;
    this.deleting = '';
    this.focusAfterDelete()?.focus();
  }

  /** After a deletion the row is gone: focus goes to the filter, at the top of the list. */
  private readonly focusAfterDelete = () =>
    this.renderRoot.querySelector<HTMLInputElement>('input[type="search"]');

  private row(run: RunSummary) {
    const open = (e: Event) => {
      e.preventDefault();
      emit(this, 'rl-open-run', { runId: run.id });
    };
    return html`<tr data-run=${run.id}>
      <td><span class="badge s-${run.status}">${STATUS_LABELS[run.status] ?? run.status}</span></td>
      <td class="runbook">
        <a href="#/run/${encodeURIComponent(run.id)}" @click=${open}>${run.runbookTitle}</a>
        <div class="id mono muted">${run.id}</div>
      </td>
      <td>${formatTime(run.startedAt)}</td>
      <td class="muted">${formatDuration(run.startedAt, run.endedAt)}</td>
      <td class="mono">${run.context.operator}@${run.context.hostname}</td>
      <td>${run.stepsDone} / ${run.stepsApplicable}</td>
      <td>
        <button
          class="danger"
          aria-label="Delete run ${run.id}"
          @click=${() => void this.askDelete(run)}
        >
          Delete
        </button>
      </td>
    </tr>`;
  }

  override render() {
    return html`
      <h1>History</h1>
      <div class="filters">
        <input
          type="search"
          placeholder="Filter by runbook, operator, host…"
          aria-label="Filter runs"
          .value=${this.text}
          @input=${(e: Event) => {
            this.text = (e.target as HTMLInputElement).value;
            this.filter();
          }}
        />
        <select
          aria-label="Status"
          @change=${(e: Event) => {
            this.status = (e.target as HTMLSelectElement).value;
            this.filter();
          }}
        >
          ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === this.status}>${s ? STATUS_LABELS[s] : 'any status'}</option>`)}
        </select>
      </div>
      <table>
        <thead>
          <tr>
            <th>Status</th>
            <th>Runbook</th>
            <th>Started</th>
            <th>Took</th>
            <th>Operator</th>
            <th>Progress</th>
            <th><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.runs.map((r) => this.row(r))}
        </tbody>
      </table>
      ${this.runs.length === 0 ? html`<p class="empty muted">No runs match.</p>` : nothing}
      ${
        this.total > this.runs.length
          ? html`<p class="count muted">Showing ${this.runs.length} of ${this.total} runs.</p>`
          : nothing
      }
      <rl-ask-dialog .fallbackFocus=${this.focusAfterDelete}></rl-ask-dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-history': RlHistory;
  }
}
