/**
 * The run's control strip above the runbook: title and facts, trust, parameters, progress, status
 * and the run-wide buttons (Start run, Run all, Finish, Export).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Runbook } from '../../src-main/core/runbook/model.js';
import type { RunStatus } from '../../src-main/core/run-model.js';
import { emit, type ExportFormat } from './events.js';
import { sharedStyles } from './shared-styles.js';
import { STATUS_LABELS } from './step-view.js';
import type { RlParamForm } from './rl-param-form.js';
import './rl-param-form.js';

const EXPORT_FORMATS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'html', label: 'HTML report (signed)' },
  { format: 'json', label: 'JSON record (signed)' },
  { format: 'pdf', label: 'PDF report' },
];

@customElement('rl-run-header')
export class RlRunHeader extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        border-bottom: 1px solid var(--rl-border);
        background: var(--rl-surface);
        padding: 14px 24px 12px;
      }
      h1 {
        margin: 0;
        font-size: 19px;
        line-height: 1.3;
      }
      .summary {
        margin: 3px 0 0;
        color: var(--rl-muted);
      }
      .facts {
        font-size: 12px;
        margin-top: 4px;
        display: flex;
        gap: 12px;
        flex-wrap: wrap;
      }
      .trust {
        margin-top: 10px;
        padding: 8px 12px;
        border: 1px solid var(--rl-warn);
        border-radius: var(--rl-radius);
        display: flex;
        align-items: center;
        gap: 12px;
        flex-wrap: wrap;
      }
      .trust p {
        margin: 0;
        flex: 1;
        min-width: 240px;
      }
      rl-param-form {
        margin-top: 12px;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-top: 12px;
        flex-wrap: wrap;
      }
      .progress {
        display: flex;
        align-items: center;
        gap: 8px;
        font-size: 12px;
        color: var(--rl-muted);
        margin-right: 8px;
      }
      progress {
        width: 140px;
        height: 6px;
        accent-color: var(--rl-ok);
      }
      .hint {
        font-size: 12px;
      }
      .spacer {
        flex: 1;
      }
      details.menu {
        position: relative;
      }
      details.menu summary {
        list-style: none;
        display: inline-flex;
        align-items: center;
        height: 28px;
        padding: 0 12px;
        border: 1px solid var(--rl-border);
        border-radius: var(--rl-radius);
        cursor: pointer;
        font-size: 13px;
        font-weight: 500;
      }
      details.menu summary::-webkit-details-marker {
        display: none;
      }
      details.menu[aria-disabled='true'] summary {
        opacity: 0.5;
        pointer-events: none;
      }
      .menu-items {
        position: absolute;
        right: 0;
        top: 32px;
        z-index: 5;
        display: flex;
        flex-direction: column;
        min-width: 200px;
        padding: 4px;
        border: 1px solid var(--rl-border);
        border-radius: var(--rl-radius);
        background: var(--rl-surface);
        box-shadow: 0 6px 20px rgba(0, 0, 0, 0.18);
      }
      .menu-items button {
        border: 0;
        justify-content: flex-start;
      }
    `,
  ];

  @property({ attribute: false }) runbook?: Runbook;
  @property({ type: Boolean }) trusted = true;
  /** Status of the run on screen; '' before one is started. */
  @property() status: RunStatus | '' = '';
  @property() runId = '';
  @property({ type: Number }) done = 0;
  @property({ type: Number }) applicable = 0;
  /** A step or "run all" is in progress. */
  @property({ type: Boolean }) busy = false;
  @property({ attribute: false }) initialValues: Record<string, string> = {};
  @state() private paramsValid = true;
  @query('rl-param-form') private form?: RlParamForm;
  @query('details.menu') private menu?: HTMLDetailsElement;

  private start(): void {
    if (this.form && !this.form.valid) {
      this.form.revealErrors();
      return;
    }
    emit(this, 'rl-start-run', {});
  }

  private exportAs(format: ExportFormat): void {
    if (this.menu) this.menu.open = false;
    emit(this, 'rl-export', { format });
  }

  private trustBox(rb: Runbook) {
    if (this.trusted) return nothing;
    return html`<div class="trust" role="note">
      <span class="badge warn">untrusted</span>
      <p>
        This runbook is not bundled with Runlog and has not been trusted. Read every step below;
        trust pins this exact version (<span class="mono">${rb.sha256.slice(0, 12)}…</span>) and
        lapses when the file changes.
      </p>
      <button
        class="primary"
        @click=${() => emit(this, 'rl-trust', { id: rb.id, sha256: rb.sha256 })}
      >
        Trust this runbook
      </button>
    </div>`;
  }

  private buttons() {
    const open = this.status === 'open';
    const canStart =
      this.trusted &&
      !open &&
      !this.busy &&
      !(this.runbook?.problems ?? []).some((p) => p.severity === 'error');
    return html`
      ${
        open
          ? html`<button
                class="primary"
                ?disabled=${this.busy}
                @click=${() => emit(this, 'rl-run-all', {})}
              >
                ▶▶ Run all
              </button>
              <button ?disabled=${this.busy} @click=${() => emit(this, 'rl-finish-run', {})}>
                Finish run
              </button>`
          : html`<button class="primary" ?disabled=${!canStart} @click=${() => this.start()}>
              ${this.runId ? 'Start a new run' : 'Start run'}
            </button>`
      }
      <details class="menu" aria-disabled=${this.runId ? 'false' : 'true'}>
        <summary aria-haspopup="menu" tabindex=${this.runId ? '0' : '-1'}>Export ▾</summary>
        <div class="menu-items" role="menu">
          ${EXPORT_FORMATS.map(
            (f) =>
              html`<button
                role="menuitem"
                data-format=${f.format}
                @click=${() => this.exportAs(f.format)}
              >
                ${f.label}
              </button>`,
          )}
        </div>
      </details>
    `;
  }

  override render() {
    const rb = this.runbook;
    if (!rb) return nothing;
    const open = this.status === 'open';
    return html`
      <h1>${rb.title}</h1>
      ${rb.summary ? html`<p class="summary">${rb.summary}</p>` : nothing}
      <div class="facts muted">
        <span class="mono" title=${rb.file}>${rb.file}</span>
        ${rb.source ? html`<span>Source: ${rb.source}</span>` : nothing}
        ${rb.platforms.length ? html`<span>Platforms: ${rb.platforms.join(', ')}</span>` : nothing}
      </div>
      ${this.trustBox(rb)}
      <rl-param-form
        .params=${rb.params}
        .initial=${this.initialValues}
        ?disabled=${!!this.runId && (open || this.busy)}
        @rl-params-change=${(e: CustomEvent<{ valid: boolean }>) => (this.paramsValid = e.detail.valid)}
      ></rl-param-form>
      <div class="bar">
        ${
          this.status
            ? html`<span class="badge s-${this.status}" data-role="run-status"
                >${STATUS_LABELS[this.status]}</span
              >`
            : nothing
        }
        ${
          this.runId
            ? html`<span class="progress" data-role="progress">
                <progress max=${Math.max(1, this.applicable)} value=${this.done}></progress>
                ${this.done} / ${this.applicable} steps done
              </span>`
            : html`<span class="progress">${this.applicable} applicable steps</span>`
        }
        <span class="spacer"></span>
        ${this.paramsValid ? nothing : html`<span class="s-failed hint">Fix the parameters first</span>`}
        ${this.buttons()}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-run-header': RlRunHeader;
  }
}
