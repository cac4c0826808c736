/**
 * A runbook as a notebook: its prose rendered (sanitized) between the step cells, in document
 * order. Shift+Enter in a focused cell runs it and moves on to the next cell.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { ApiClient } from '../api/client.js';
import type { Runbook, Step } from '../../src-main/core/runbook/model.js';
import { renderMarkdown } from './markdown.js';
import { proseStyles } from './prose-styles.js';
import { sharedStyles } from './shared-styles.js';
import { cellStyles } from './cell-styles.js';
import type { StepView } from './step-view.js';
import type { RlStepCell } from './rl-step-cell.js';
import './rl-step-cell.js';
import './rl-checklist-step.js';
import './rl-config-step.js';

/** Cell elements, in the order Shift+Enter walks them. */
const CELL_TAGS = 'rl-step-cell, rl-checklist-step, rl-config-step';

@customElement('rl-runbook-view')
export class RlRunbookView extends LitElement {
  static override styles = [
    sharedStyles,
    proseStyles,
    css`
      :host {
        display: block;
      }
      .display {
        margin: 14px 0;
      }
      .display .cell {
        border-left-width: 1px;
      }
    `,
    cellStyles,
  ];

  @property({ attribute: false }) runbook?: Runbook;
  @property({ attribute: false }) views: Record<string, StepView> = {};
  @property({ attribute: false }) client?: ApiClient;
  @property() runId = '';
  @property() platform = '';
  /** Steps may be run or attested now. */
  @property({ type: Boolean }) runnable = false;
  /** A step of this run is running: no other may start. */
  @property({ type: Boolean }) busy = false;
  @property({ type: Boolean }) readonly = false;

  private readonly proseCache = new Map<string, string>();

  private prose(markdown: string): string {
    let rendered = this.proseCache.get(markdown);
    if (rendered === undefined) {
      rendered = renderMarkdown(markdown);
      this.proseCache.set(markdown, rendered);
    }
    return rendered;
  }

  private onKeydown(ev: KeyboardEvent): void {
    if (ev.key !== 'Enter' || !ev.shiftKey) return;
    const origin = ev.composedPath()[0] as HTMLElement | undefined;
    if (!origin?.classList?.contains('cell')) return;
    const cells = [...this.renderRoot.querySelectorAll<HTMLElement>(CELL_TAGS)];
    const index = cells.findIndex((c) => c.shadowRoot?.contains(origin));
    if (index < 0) return;
    ev.preventDefault();
    const cell = cells[index];
    if (cell?.localName === 'rl-step-cell') (cell as RlStepCell).requestRun();
    const next = cells[index + 1];
    next?.shadowRoot?.querySelector<HTMLElement>('.cell')?.focus();
  }

  private cell(step: Step) {
    const view = this.views[step.name];
    const runnable = this.runnable && !this.readonly;
    switch (step.kind) {
      case 'command':
        return html`<rl-step-cell
          .step=${step}
          .view=${view}
          .client=${this.client}
          .runId=${this.runId}
          .platform=${this.platform}
          .runnable=${runnable && !this.busy}
          .readonly=${this.readonly}
        ></rl-step-cell>`;
      case 'checklist':
        return html`<rl-checklist-step
          .step=${step}
          .view=${view}
          .runnable=${runnable}
          .readonly=${this.readonly}
        ></rl-checklist-step>`;
      case 'config':
        return html`<rl-config-step
          .step=${step}
          .view=${view}
          .runnable=${runnable}
          .readonly=${this.readonly}
        ></rl-config-step>`;
      default:
        return html`<div class="display">
          <div class="cell" data-step=${step.name}>
            <header>
              <span class="badge plain">${step.language || 'text'}</span
              ><span class="muted">shown, not run</span>
            </header>
            <pre class="code"><code>${step.text}</code></pre>
          </div>
        </div>`;
    }
  }

  override render() {
    const rb = this.runbook;
    if (!rb) return nothing;
    const steps = new Map(rb.steps.map((s) => [s.name, s]));
    return html`<div class="doc" @keydown=${this.onKeydown}>
      ${rb.segments.map((seg) => {
        if (seg.kind === 'prose')
          return html`<div class="prose">${unsafeHTML(this.prose(seg.markdown))}</div>`;
        const step = steps.get(seg.name);
        return step ? this.cell(step) : nothing;
      })}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-runbook-view': RlRunbookView;
  }
}
