/**
 * One command step: what it is (heading, name, language, platforms, gates), its exact text
 * highlighted, Run and Stop, its outcome, and its terminal. It never runs anything itself: it asks
 * the shell with `rl-before-run` (which the shell may cancel to confirm a gate) and `rl-run-step`.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { ApiClient } from '../api/client.js';
import { appliesTo, type Step } from '../../src-main/core/runbook/model.js';
import { emit } from './events.js';
import { highlightStep, highlightStyles } from './highlight.js';
import { cellStyles } from './cell-styles.js';
import { sharedStyles } from './shared-styles.js';
import { STATUS_LABELS, formatDuration, type StepView } from './step-view.js';
import type { RlTerminal } from './rl-terminal.js';
import './rl-terminal.js';

@customElement('rl-step-cell')
export class RlStepCell extends LitElement {
  static override styles = [sharedStyles, cellStyles, highlightStyles];

  @property({ attribute: false }) step!: Step;
  @property({ attribute: false }) view?: StepView;
  @property({ attribute: false }) client?: ApiClient;
  @property() runId = '';
  /** The platform this app runs on (`app:info`). */
  @property() platform = '';
  /** Run buttons work: a run is open, the runbook trusted and unchanged, no other step running. */
  @property({ type: Boolean }) runnable = false;
  /** A past run: shown, never run. */
  @property({ type: Boolean }) readonly = false;
  @query('rl-terminal') private terminal?: RlTerminal;

  private get applicable(): boolean {
    return this.view ? this.view.status !== 'not-applicable' : appliesTo(this.step, this.platform);
  }

  /** Asks the shell to run this step (the Run button and Shift+Enter). */
  requestRun(): void {
    if (!this.runnable || !this.applicable || this.view?.status === 'running') return;
    const name = this.step.name;
    if (emit(this, 'rl-before-run', { step: name }, true))
      emit(this, 'rl-run-step', { step: name });
  }

  /**
   * A step that starts running brings its terminal into view: xterm.js draws nothing while it is
   * off screen, and the operator should see the output (or a prompt) they just asked for.
   */
  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('view') || this.readonly) return;
    const before = changed.get('view') as StepView | undefined;
    if (this.view?.status === 'running' && before?.status !== 'running')
      this.terminal?.scrollIntoView({ block: 'nearest' });
  }

  /** Focuses the terminal so the operator can answer a prompt. */
  focusTerminal(): void {
    this.terminal?.focus();
  }

  private badges() {
    const s = this.step;
    return html`<span class="badges">
      <span class="badge plain">${s.language || 'text'}</span>
      ${s.platforms.map((p) => html`<span class="badge plain muted">${p}</span>`)}
      ${s.sudo ? html`<span class="badge warn" title="Runs with elevated rights; asks first">sudo</span>` : nothing}
      ${s.confirm ? html`<span class="badge warn" title=${s.confirm}>confirm</span>` : nothing}
      ${s.timeout ? html`<span class="badge plain muted">timeout ${s.timeout}s</span>` : nothing}
      ${s.excludeFromRunAll ? html`<span class="badge plain muted">not in run all</span>` : nothing}
      ${
        !this.applicable
          ? html`<span
              class="badge s-not-applicable"
              title=${this.view?.reason ?? `Only for ${s.platforms.join(', ')}`}
              >not applicable here</span
            >`
          : nothing
      }
    </span>`;
  }

  private outcome() {
    const v = this.view;
    if (!v || v.status === 'not-applicable') return nothing;
    const code = v.exitCode !== undefined ? `exit ${v.exitCode}` : v.signal ? v.signal : '';
    return html`<span class="facts">
        ${code ? html`<span data-exit=${v.exitCode ?? ''}>${code}</span>` : nothing}
        <span>${formatDuration(v.startedAt, v.endedAt)}</span>
      </span>
      <span class="badge s-${v.status}" data-role="status"
        >${STATUS_LABELS[v.status] ?? v.status}</span
      >`;
  }

  private actions() {
    if (this.readonly) return nothing;
    const running = this.view?.status === 'running';
    if (running) {
      return html`<button
        class="danger"
        @click=${() => emit(this, 'rl-stop-step', { step: this.step.name })}
      >
        ■ Stop
      </button>`;
    }
    const again = (this.view?.executionId ?? 0) > 0;
    return html`<button
      class=${again ? '' : 'primary'}
      ?disabled=${!this.runnable || !this.applicable}
      title=${this.applicable ? 'Run this step (Shift+Enter)' : 'Not applicable on this platform'}
      @click=${() => this.requestRun()}
    >
      ▶ ${again ? 'Run again' : 'Run'}
    </button>`;
  }

  override render() {
    const s = this.step;
    const v = this.view;
    const highlighted = highlightStep(s.text, s.language);
    const showTerminal = (v?.executionId ?? 0) > 0 || v?.status === 'running';
    return html`<section
      class="cell"
      tabindex="0"
      data-step=${s.name}
      data-status=${v?.status ?? (this.applicable ? 'pending' : 'not-applicable')}
      aria-label="Step ${s.name}"
    >
      <header>
        <span class="name">${s.name}</span>
        ${s.line > 0 ? html`<span class="line muted">line ${s.line}</span>` : nothing}
        ${this.badges()}
        <span class="spacer"></span>
        ${this.outcome()} ${this.actions()}
      </header>
      <pre class="code"><code>${highlighted ? unsafeHTML(highlighted) : s.text}</code></pre>
      ${
        showTerminal
          ? html`<rl-terminal
              .client=${this.client}
              .runId=${this.runId}
              .step=${s.name}
              .executionId=${v?.executionId ?? 0}
              .live=${v?.status === 'running' && !this.readonly}
            ></rl-terminal>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-step-cell': RlStepCell;
  }
}
