/**
 * Past runs of this workstation (the Local scope; the Team scope is rl-team-history): status,
 * runbook, when, who and where, progress. Filter by text and status; open one to see it
 * read-only; delete one only after confirming in a dialog (the history is audit material). On a
 * narrow pane the table folds into two columns: the run with its facts on a second line, and its
 * actions.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { RunSummary } from '../../src-main/core/run-model.js';
import { statusBadge } from '../shared/badge.js';
import { emit } from '../shared/events.js';
import { formatDuration, formatTime } from '../shared/format.js';
import type { RlAskDialog } from '../shared/rl-ask-dialog.js';
import { RUN_STATUSES, statusInfo } from '../shared/status.js';
import { historyStyles } from './rl-history.styles.js';
import { scopeSwitch, scopeSwitchStyles } from './scope-switch.js';
import '../shared/rl-ask-dialog.js';

/** Pause after the last keystroke before the list is filtered again. */
const FILTER_DEBOUNCE_MS = 200;

@customElement('rl-history')
export class RlHistory extends LitElement {
  static override styles = [historyStyles, scopeSwitchStyles];

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
    const started = formatTime(run.startedAt);
    const took = formatDuration(run.startedAt, run.endedAt);
    const who = `${run.context.operator}@${run.context.hostname}`;
    const progress = `${run.stepsDone} / ${run.stepsApplicable}`;
    return html`<tr data-run=${run.id}>
      <td class="wide">${statusBadge(run.status)}</td>
      <td class="runbook">
        <span class="narrow">${statusBadge(run.status)}</span>
        <a href="#/run/${encodeURIComponent(run.id)}" @click=${open}>${run.runbookTitle}</a>
        <div class="id mono muted">${run.id}</div>
        <div class="narrow meta muted">
          <span>${started}</span>${took ? html`<span>took ${took}</span>` : nothing}
          <span class="mono">${who}</span><span>${progress} steps</span>
        </div>
      </td>
      <td class="wide">${started}</td>
      <td class="wide muted">${took}</td>
      <td class="wide mono">${who}</td>
      <td class="wide">${progress}</td>
      <td class="actions">
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
      <div class="heading">
        <h1>History</h1>
        ${scopeSwitch('local')}
      </div>
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
          <option value="" ?selected=${this.status === ''}>any status</option>
          ${RUN_STATUSES.map((s) => html`<option value=${s} ?selected=${s === this.status}>${statusInfo(s).label}</option>`)}
        </select>
      </div>
      <table>
        <thead>
          <tr>
            <th class="wide">Status</th>
            <th>Runbook</th>
            <th class="wide">Started</th>
            <th class="wide">Took</th>
            <th class="wide">Operator</th>
            <th class="wide">Progress</th>
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
