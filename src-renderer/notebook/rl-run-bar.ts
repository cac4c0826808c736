/**
 * The run's one-line bar, which stays at the top while the runbook scrolls: the title (once the
 * heading above has scrolled away), status, progress, "next pending", the outline (on narrow
 * screens, where it has no column of its own) and the run-wide actions: Start run, Run all,
 * Finish and the Export menu.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { statusBadge } from '../shared/badge.js';
import { emit, listen, type ExportFormat } from '../shared/events.js';
import type { MenuItem } from '../shared/rl-menu-button.js';
import type { OutlineEntry } from './outline.js';
import { runBarStyles } from './rl-run-bar.styles.js';
import '../shared/rl-menu-button.js';
import './rl-outline.js';

const EXPORT_FORMATS: Array<MenuItem & { value: ExportFormat }> = [
  { value: 'html', label: 'HTML report (signed)' },
  { value: 'json', label: 'JSON record (signed)' },
  { value: 'pdf', label: 'PDF report' },
  { value: 'bundle', label: 'Evidence bundle (zip, with artifacts)' },
];

@customElement('rl-run-bar')
export class RlRunBar extends LitElement {
  static override styles = runBarStyles;

  @property() heading = '';
  /** The runbook's own heading has scrolled away: the bar shows the title instead. */
  @property({ type: Boolean }) stuck = false;
  /** Status of the run on screen; '' before one is started. */
  @property() status = '';
  @property() runId = '';
  @property({ type: Number }) done = 0;
  @property({ type: Number }) applicable = 0;
  /** A step or "run all" is in progress. */
  @property({ type: Boolean }) busy = false;
  /** This window let go of the open run: Resume takes it back. */
  @property({ type: Boolean }) leftOpen = false;
  /** A run may be started: the runbook is trusted and has no error. */
  @property({ type: Boolean }) startable = false;
  @property({ type: Boolean }) paramsValid = true;
  /** Entries of the outline, offered from the bar when it has no column (`outlineHere`). */
  @property({ attribute: false }) outline: OutlineEntry[] = [];
  @property({ type: Boolean }) outlineHere = false;
  @property() current = '';
  /** Why the open run would finish as `wouldBe`: the outcome notes, in words. */
  @property({ attribute: false }) notes: string[] = [];
  /** The status finishing the open run now would record. */
  @property() wouldBe = '';
  /** The SHA-256 of each runbook version the run used, in order. */
  @property({ attribute: false }) versions: string[] = [];
  @state() private outlineOpen = false;
  @state() private whyOpen = false;
  @query('button[data-role="outline"]') private outlineButton?: HTMLButtonElement;
  private readonly onOutside = (ev: Event) => {
    if (!ev.composedPath().includes(this)) this.closeOutline(false);
  };

  constructor() {
    super();
    listen(this, {
      'rl-menu-select': ({ menu, value }) => {
        const format = EXPORT_FORMATS.find((f) => f.value === value);
        if (menu === 'export' && format) emit(this, 'rl-export', { format: format.value });
      },
      'rl-reveal': () => this.closeOutline(false),
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutside, true);
  }

  private async openOutline(): Promise<void> {
    this.outlineOpen = true;
    document.addEventListener('pointerdown', this.onOutside, true);
    await this.updateComplete;
    const target =
      this.renderRoot.querySelector<HTMLElement>('rl-outline')?.shadowRoot?.querySelector('a') ??
      undefined;
    target?.focus();
  }

  private closeOutline(refocus: boolean): void {
    if (!this.outlineOpen) return;
    this.outlineOpen = false;
    document.removeEventListener('pointerdown', this.onOutside, true);
    if (refocus) this.outlineButton?.focus();
  }

  private onPanelKey(ev: KeyboardEvent): void {
    if (ev.key !== 'Escape') return;
    ev.stopPropagation();
    this.closeOutline(true);
  }

  private progress() {
    if (!this.runId) return html`<span class="progress">${this.applicable} applicable steps</span>`;
    return html`<span class="progress" data-role="progress">
      <progress
        max=${Math.max(1, this.applicable)}
        value=${this.done}
        aria-hidden="true"
      ></progress>
      ${this.done} / ${this.applicable}<span class="words"> steps done</span>
    </span>`;
  }

  private outlineToggle() {
    if (!this.outlineHere) return nothing;
    return html`<button
        data-role="outline"
        aria-expanded=${this.outlineOpen ? 'true' : 'false'}
        aria-controls="outline-panel"
        @click=${() => (this.outlineOpen ? this.closeOutline(true) : void this.openOutline())}
      >
        <span aria-hidden="true">☰</span><span class="words">Outline</span>
      </button>
      <div
        id="outline-panel"
        class="panel"
        role="region"
        aria-label="Outline"
        ?hidden=${!this.outlineOpen}
        @keydown=${this.onPanelKey}
      >
        <rl-outline .entries=${this.outline} .current=${this.current}></rl-outline>
      </div>`;
  }

  /** The run's details: the status finishing now would record, and why. */
  private why() {
    if (this.status !== 'open' || !this.wouldBe) return nothing;
    return html`<button
        data-role="why"
        aria-expanded=${this.whyOpen ? 'true' : 'false'}
        aria-controls="why-panel"
        title="What finishing now would record, and why"
        @click=${() => (this.whyOpen = !this.whyOpen)}
      >
        <span aria-hidden="true">?</span><span class="words">Details</span>
      </button>
      <div
        id="why-panel"
        class="panel why"
        role="region"
        aria-label="Run details"
        data-role="why-panel"
        ?hidden=${!this.whyOpen}
        @keydown=${(ev: KeyboardEvent) => ev.key === 'Escape' && (this.whyOpen = false)}
      >
        <p>Finishing now records: ${statusBadge(this.wouldBe, 'would-be')}</p>
        ${
          this.notes.length
            ? html`<ul data-role="outcome-notes">
                ${this.notes.map((n) => html`<li>${n}</li>`)}
              </ul>`
            : html`<p class="muted">Every required step is done.</p>`
        }
        <p>Runbook versions:</p>
        <ol data-role="versions">
          ${this.versions.map((sha) => html`<li class="mono sha">${sha}</li>`)}
        </ol>
      </div>`;
  }

  private actions() {
    const open = this.status === 'open';
    if (open && this.leftOpen) {
      return html`<span class="hint muted" data-role="left-open">Left open</span>
        <button class="primary" @click=${() => emit(this, 'rl-resume-run', {})}>
          Resume here
        </button>`;
    }
    if (open) {
      return html`<button
          class="primary"
          ?disabled=${this.busy}
          @click=${() => emit(this, 'rl-run-all', {})}
        >
          ▶▶ Run all
        </button>
        <button ?disabled=${this.busy} @click=${() => emit(this, 'rl-finish-run', {})}>
          Finish run
        </button>
        <button
          ?disabled=${this.busy}
          title="Stop holding this run here without finishing it: continue it later with Resume or runlog resume"
          @click=${() => emit(this, 'rl-leave-open', {})}
        >
          Leave open
        </button>`;
    }
    const canStart = this.startable && !this.busy;
    return html`<button
      class="primary"
      ?disabled=${!canStart}
      @click=${() => emit(this, 'rl-start-run', {})}
    >
      ${this.runId ? 'Start a new run' : 'Start run'}
    </button>`;
  }

  override render() {
    return html`<div class="bar">
      <span class="title" aria-hidden="true" ?data-shown=${this.stuck}>${this.heading}</span>
      ${this.status ? statusBadge(this.status, 'run-status') : nothing} ${this.progress()}
      ${this.why()}
      ${this.paramsValid ? nothing : html`<span class="hint tone-fail">Fix the parameters</span>`}
      <button
        data-role="next-pending"
        aria-keyshortcuts="Alt+N"
        title="Go to the next pending step (Alt+N)"
        @click=${() => emit(this, 'rl-next-pending', {})}
      >
        <span aria-hidden="true">⤓</span><span class="words">Next pending</span>
      </button>
      ${this.outlineToggle()} ${this.actions()}
      <rl-menu-button
        name="export"
        label="Export"
        .items=${EXPORT_FORMATS}
        ?disabled=${!this.runId}
      ></rl-menu-button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-run-bar': RlRunBar;
  }
}
