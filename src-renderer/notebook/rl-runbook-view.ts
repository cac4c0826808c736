/**
 * A runbook as a notebook: its prose rendered (sanitized) between the step cells, in document
 * order. Shift+Enter in a focused cell runs it and moves on to the next cell that can be run or
 * attested here (cells for another platform are passed over). The notebook asks it to bring a
 * step or heading into view with {@link RlRunbookView.reveal}.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { stepErrors, type Runbook, type Step } from '../../src-main/core/runbook/model.js';
import { emit, type RevealTarget } from '../shared/events.js';
import { renderMarkdown } from '../shared/markdown.js';
import { ScrollRegions } from '../shared/scroll-regions.js';
import type { RunbookVersion } from '../../src-main/core/run-model.js';
import { alternativesDone } from '../steps/step-marks.js';
import type { StepView } from '../steps/step-view.js';
import type { RlStepCell } from '../steps/rl-step-cell.js';
import { runbookViewStyles } from './rl-runbook-view.styles.js';
import '../steps/rl-step-cell.js';
import '../steps/rl-checklist-step.js';
import '../steps/rl-config-step.js';

/** Cell elements, in the order Shift+Enter walks them. */
const CELL_TAGS = 'rl-step-cell, rl-checklist-step, rl-config-step';
/** The prose headings the outline lists, in document order: outside lists (see outline.ts). */
const HEADINGS = ':is(.prose, .prose blockquote) > :is(h1, h2, h3)';

/** The frame of a cell element, which carries its step name, status and focus. */
function frameOf(cell: Element): HTMLElement | undefined {
  return cell.shadowRoot?.querySelector<HTMLElement>('.cell') ?? undefined;
}

@customElement('rl-runbook-view')
export class RlRunbookView extends LitElement {
  static override styles = runbookViewStyles;

  @property({ attribute: false }) runbook?: Runbook;
  @property({ attribute: false }) views: Record<string, StepView> = {};
  /** The run's parameter values (or those typed so far): configuration text shows them. */
  @property({ attribute: false }) values: Record<string, string> = {};
  @property() runId = '';
  @property() platform = '';
  /** Steps may be run or attested now. */
  @property({ type: Boolean }) runnable = false;
  /** A step of this run is running: no other may start. */
  @property({ type: Boolean }) busy = false;
  @property({ type: Boolean }) readonly = false;
  /** The runbook is untrusted: every step's text is shown unfolded for review. */
  @property({ type: Boolean }) review = false;
  /** The runbook versions of the run, for naming the one each attempt ran. */
  @property({ attribute: false }) versions: RunbookVersion[] = [];

  private readonly proseCache = new Map<string, string>();
  /** The step whose cell last had the focus: where "next pending" starts from. */
  private current = '';

  constructor() {
    super();
    new ScrollRegions(this, '.prose pre, .display pre', (el) =>
      el.closest('.display') ? 'Text of a block shown, not run' : 'Example from the runbook',
    );
  }

  private prose(markdown: string): string {
    let rendered = this.proseCache.get(markdown);
    if (rendered === undefined) {
      rendered = renderMarkdown(markdown);
      this.proseCache.set(markdown, rendered);
    }
    return rendered;
  }

  private cells(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>(CELL_TAGS)];
  }

  /** A cell (or something in it) took the focus: that step is where the operator is. */
  private onFocusin(ev: FocusEvent): void {
    const cell = ev.composedPath().find((el) => this.cells().includes(el as HTMLElement));
    const step = cell ? frameOf(cell as Element)?.dataset.step : undefined;
    if (!step || step === this.current) return;
    this.current = step;
    emit(this, 'rl-step-focus', { step });
  }

  /** Brings a step's cell or a heading into view and gives it the focus. */
  reveal(target: RevealTarget): boolean {
    let el: HTMLElement | undefined;
    if ('step' in target) {
      const cell = this.cells().find((c) => frameOf(c)?.dataset.step === target.step);
      el = cell ? frameOf(cell) : undefined;
    } else {
      el = this.renderRoot.querySelectorAll<HTMLElement>(HEADINGS)[target.heading];
      if (el && !el.hasAttribute('tabindex')) el.tabIndex = -1;
    }
    if (!el) return false;
    el.scrollIntoView({ block: 'start' });
    el.focus({ preventScroll: true });
    return true;
  }

  private onKeydown(ev: KeyboardEvent): void {
    if (ev.key !== 'Enter' || !ev.shiftKey) return;
    const origin = ev.composedPath()[0] as HTMLElement | undefined;
    if (!origin?.classList?.contains('cell')) return;
    const cells = this.cells();
    const index = cells.findIndex((c) => c.shadowRoot?.contains(origin));
    if (index < 0) return;
    ev.preventDefault();
    const cell = cells[index];
    if (cell?.localName === 'rl-step-cell') (cell as RlStepCell).requestRun();
    const next = cells.slice(index + 1).find((c) => frameOf(c)?.dataset.tone !== 'off');
    if (next) frameOf(next)?.focus();
  }

  private cell(step: Step, settled: Map<string, string>) {
    const view = this.views[step.name];
    const runnable = this.runnable && !this.readonly;
    const settledBy = settled.get(step.rules?.alternative?.group ?? '') ?? '';
    const problems = this.runbook ? stepErrors(this.runbook, step.name) : [];
    // A cell Runme ignores (`ignore=true`) is shown as text, never as a step.
    switch (step.ignored ? 'display' : step.kind) {
      case 'command':
        return html`<rl-step-cell
          .step=${step}
          .view=${view}
          .runId=${this.runId}
          .platform=${this.platform}
          .runnable=${runnable && !this.busy}
          .readonly=${this.readonly}
          .review=${this.review}
          .problems=${problems}
          .versions=${this.versions}
          .settledBy=${settledBy}
        ></rl-step-cell>`;
      case 'checklist':
        return html`<rl-checklist-step
          .step=${step}
          .view=${view}
          .runId=${this.runId}
          .runnable=${runnable}
          .readonly=${this.readonly}
          .versions=${this.versions}
          .settledBy=${settledBy}
          .problems=${problems}
        ></rl-checklist-step>`;
      case 'config':
        return html`<rl-config-step
          .step=${step}
          .params=${this.runbook?.params ?? []}
          .values=${this.values}
          .view=${view}
          .runId=${this.runId}
          .runnable=${runnable}
          .readonly=${this.readonly}
          .review=${this.review}
          .versions=${this.versions}
          .settledBy=${settledBy}
          .problems=${problems}
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
    const settled = alternativesDone(rb.steps, this.views);
    // Keyed, so a cell's own state (a fold, a note being typed) never passes to another step.
    return html`<div class="doc" @keydown=${this.onKeydown} @focusin=${this.onFocusin}>
      ${repeat(
        rb.segments,
        (seg, i) =>
          seg.kind === 'prose' ? `${rb.id}\u0000${i}` : `${rb.id}\u0000step\u0000${seg.name}`,
        (seg) => {
          if (seg.kind === 'prose')
            return html`<div class="prose">${unsafeHTML(this.prose(seg.markdown))}</div>`;
          const step = steps.get(seg.name);
          return step ? this.cell(step, settled) : nothing;
        },
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-runbook-view': RlRunbookView;
  }
}
