/**
 * The team history's filters: text anywhere in the run (applied as typed), and runbook, operator,
 * host, status and a date range (applied when the field is left or Enter is pressed: they match
 * whole values, so half a name would only empty the list). Sends `rl-team-filter`; Clear resets.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { emit } from '../shared/events.js';
import { sharedStyles } from '../shared/shared.styles.js';
import { RUN_STATUSES, statusInfo } from '../shared/status.js';
import { activeFilters, NO_TEAM_FILTER, type TeamFilterValues } from './team-filter.js';

/** Pause after the last keystroke in the text field before the list is asked for again. */
const TEXT_DEBOUNCE_MS = 300;
/** A run in the ledger is finished: "open" never reaches it. */
const LEDGER_STATUSES = RUN_STATUSES.filter((s) => s !== 'open');

type Field = keyof TeamFilterValues;

@customElement('rl-team-filters')
export class RlTeamFilters extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .top {
        display: flex;
        gap: 8px 10px;
        align-items: end;
        flex-wrap: wrap;
        margin-bottom: 8px;
      }
      .top .field {
        flex: 0 1 520px;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
        gap: 8px 10px;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 3px;
        min-width: 0;
      }
      label {
        font-size: 11px;
        font-weight: 600;
        color: var(--rl-muted);
      }
      input,
      select {
        width: 100%;
        height: 30px;
      }
    `,
  ];

  /** The library's runbooks, offered as suggestions for the runbook field. */
  @property({ attribute: false }) runbooks: Array<{ id: string; title: string }> = [];
  /** The filters the list was last shown with (back from a run, they are still there). */
  @property({ attribute: false }) initial: TeamFilterValues = NO_TEAM_FILTER;
  @state() private values: TeamFilterValues = { ...NO_TEAM_FILTER };
  private timer?: ReturnType<typeof setTimeout>;
  /** The values last sent, so leaving an unchanged field asks for nothing. */
  private sent = JSON.stringify(NO_TEAM_FILTER);

  override willUpdate(changed: Map<string, unknown>): void {
    if (!changed.has('initial')) return;
    this.values = { ...this.initial };
    this.sent = JSON.stringify(this.values);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private send(): void {
    clearTimeout(this.timer);
    const now = JSON.stringify(this.values);
    if (now === this.sent) return;
    this.sent = now;
    emit(this, 'rl-team-filter', { filter: { ...this.values } });
  }

  private set(field: Field, value: string, apply: 'now' | 'soon' | 'later'): void {
    this.values = { ...this.values, [field]: value };
    clearTimeout(this.timer);
    if (apply === 'now') this.send();
    else if (apply === 'soon') this.timer = setTimeout(() => this.send(), TEXT_DEBOUNCE_MS);
  }

  private clear(): void {
    this.values = { ...NO_TEAM_FILTER };
    this.send();
  }

  private input(field: Field, label: string, type = 'text', placeholder = '') {
    const id = `team-${field}`;
    const soon = field === 'text';
    return html`<div class="field ${field}">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        type=${type}
        placeholder=${placeholder}
        spellcheck="false"
        list=${field === 'runbookId' ? 'team-runbooks' : nothing}
        .value=${this.values[field]}
        @input=${(e: Event) =>
          this.set(field, (e.target as HTMLInputElement).value, soon ? 'soon' : 'later')}
        @change=${() => this.send()}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.send()}
      />
    </div>`;
  }

  override render() {
    const active = activeFilters(this.values);
    return html`<form
      aria-label="Filter the team's runs"
      @submit=${(e: Event) => {
        e.preventDefault();
        this.send();
      }}
    >
      <div class="top">
        ${this.input('text', 'Text anywhere in the run', 'search', 'words, a host, an error…')}
        <button type="button" ?disabled=${active === 0} @click=${() => this.clear()}>
          Clear filters
        </button>
      </div>
      <div class="grid">
        ${this.input('runbookId', 'Runbook id')} ${this.input('operator', 'Operator')}
        ${this.input('host', 'Host')}
        <div class="field">
          <label for="team-status">Status</label>
          <select
            id="team-status"
            @change=${(e: Event) => this.set('status', (e.target as HTMLSelectElement).value, 'now')}
          >
            <option value="" ?selected=${this.values.status === ''}>any status</option>
            ${LEDGER_STATUSES.map(
              (s) =>
                html`<option value=${s} ?selected=${s === this.values.status}>
                  ${statusInfo(s).label}
                </option>`,
            )}
          </select>
        </div>
        ${this.input('from', 'Started from', 'date')} ${this.input('to', 'Started until', 'date')}
      </div>
      <datalist id="team-runbooks">
        ${this.runbooks.map((rb) => html`<option value=${rb.id}>${rb.title}</option>`)}
      </datalist>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-team-filters': RlTeamFilters;
  }
}
