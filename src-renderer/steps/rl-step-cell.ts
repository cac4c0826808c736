/**
 * One command step: what it is (name, language, platforms, gates), its exact text highlighted and
 * foldable, Run and Stop, and then its result: the outcome line right above the terminal that
 * shows the output. A step written wrongly shows its errors instead of a Run button (the rest of
 * the runbook still runs). It never runs anything itself: it asks with `rl-before-run` (which
 * the notebook may cancel to confirm a gate) and `rl-run-step`.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { appliesTo, type Problem, type Step } from '../../src-main/core/runbook/model.js';
import { statusBadge } from '../shared/badge.js';
import { emit } from '../shared/events.js';
import { formatDuration } from '../shared/format.js';
import { highlightStep, highlightStyles } from '../shared/highlight.js';
import {
  hiddenBadge,
  hiddenNotice,
  revealedCode,
  revealedTextStyles,
} from '../shared/revealed-text.js';
import { ScrollRegions } from '../shared/scroll-regions.js';
import { sharedStyles } from '../shared/shared.styles.js';
import { isFlagged, textFlags } from '../shared/text-flags.js';
import { cellStyles } from './cell.styles.js';
import { cellFrame } from './cell-frame.js';
import { CodeFold, type FoldInput } from './code-fold.js';
import { earlierAttempts, type StepView } from './step-view.js';
import { markBadges } from './step-marks.js';
import { skipButton } from './skip-button.js';
import { flagWords } from './attempt-words.js';
import { runmeBadges, runmeFactsStyles, runmeNames, runmeNote } from './runme-facts.js';
import { stepProblems } from './step-problems.js';
import type { RlTerminal } from '../terminal/rl-terminal.js';
import type { RunbookVersion } from '../../src-main/core/run-model.js';
import '../terminal/rl-terminal.js';
import './rl-attempts.js';

/** Statuses after which Skip is no longer offered: the step is done or already skipped. */
const SETTLED = new Set(['passed', 'skipped', 'running', 'not-applicable']);

@customElement('rl-step-cell')
export class RlStepCell extends LitElement {
  static override styles = [
    sharedStyles,
    cellStyles,
    highlightStyles,
    revealedTextStyles,
    runmeFactsStyles,
  ];

  @property({ attribute: false }) step!: Step;
  @property({ attribute: false }) view?: StepView;
  @property() runId = '';
  /** The platform this app runs on (`app:info`). */
  @property() platform = '';
  /** Run buttons work: a run is open, the runbook trusted and unchanged, no other step running. */
  @property({ type: Boolean }) runnable = false;
  /** A past run: shown, never run. */
  @property({ type: Boolean }) readonly = false;
  /** The runbook is untrusted: its text is shown in full for review. */
  @property({ type: Boolean }) review = false;
  /** The step's own errors in the runbook: it cannot run until they are fixed. */
  @property({ attribute: false }) problems: Problem[] = [];
  /** The runbook versions of the run, for naming the one each attempt ran. */
  @property({ attribute: false }) versions: RunbookVersion[] = [];
  /** The alternative of this step's group that was done, if any. */
  @property() settledBy = '';
  @query('rl-terminal[data-role="current"]') private terminal?: RlTerminal;
  private readonly fold = new CodeFold(this);

  constructor() {
    super();
    new ScrollRegions(this, 'pre.code', () => `Code of step ${this.step.name}`);
  }

  /** Not applicable on this platform (recorded, or judged from the step's platforms). */
  get applicable(): boolean {
    return this.view ? this.view.status !== 'not-applicable' : appliesTo(this.step, this.platform);
  }

  /** Asks to run this step (the Run button and Shift+Enter). */
  requestRun(): void {
    if (!this.runnable || !this.applicable || this.view?.status === 'running') return;
    if (this.problems.length > 0) return;
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

  private get status(): string {
    return this.view?.status ?? (this.applicable ? 'pending' : 'not-applicable');
  }

  /** The step has a current attempt (a run, or a skip), whose outcome line is shown. */
  private get ran(): boolean {
    return (this.view?.executionId ?? 0) > 0 || this.view?.status === 'running';
  }

  /** The current attempt ran the command (not a skip): its output is shown. */
  private get printed(): boolean {
    return this.ran && this.view?.attempts?.at(-1)?.action !== 'skip';
  }

  private badges() {
    const s = this.step;
    return html`<span class="badges">
      <span class="badge plain">${s.language || 'text'}</span>
      ${hiddenBadge(s.text)}
      ${s.platforms.map((p) => html`<span class="badge plain muted">${p}</span>`)}
      ${s.sudo ? html`<span class="badge warn" title="Runs with elevated rights; asks first">sudo</span>` : nothing}
      ${s.confirm ? html`<span class="badge warn" title=${s.confirm}>confirm</span>` : nothing}
      ${s.timeout ? html`<span class="badge plain muted">timeout ${s.timeout}s</span>` : nothing}
      ${s.excludeFromRunAll ? html`<span class="badge plain muted">not in run all</span>` : nothing}
      ${markBadges(s, this.settledBy)} ${runmeBadges(s)}
    </span>`;
  }

  private action() {
    if (this.readonly) return nothing;
    if (this.view?.status === 'running') {
      return html`${
          this.step.rules?.openEnded
            ? html`<span class="hint muted" data-role="open-ended-hint"
                >Stop ends it normally</span
              >`
            : nothing
        }
        <button class="danger" @click=${() => emit(this, 'rl-stop-step', { step: this.step.name })}>
          ■ Stop
        </button>`;
    }
    const again = (this.view?.executionId ?? 0) > 0;
    const canSkip = this.runnable && this.applicable && !SETTLED.has(this.status);
    // A step written wrongly cannot run; it can still be skipped with a reason.
    if (this.problems.length > 0) return canSkip ? skipButton(this, this.step.name) : nothing;
    // Run first: the main action is the first one Tab reaches.
    return html`<button
        class=${again ? '' : 'primary'}
        ?disabled=${!this.runnable || !this.applicable}
        title=${this.applicable ? 'Run this step (Shift+Enter)' : 'Not applicable on this platform'}
        @click=${() => this.requestRun()}
      >
        ▶ ${again ? 'Run again' : 'Run'}
      </button>
      ${canSkip ? skipButton(this, this.step.name) : nothing}`;
  }

  /** The outcome line: status, exit code or signal, and duration, right above the output. */
  private result() {
    const v = this.view;
    const code = v?.exitCode !== undefined ? `exit ${v.exitCode}` : (v?.signal ?? '');
    const total = v?.attempts?.length ?? 0;
    const flag = flagWords(v?.flag);
    return html`<div class="result" data-role="result">
      ${statusBadge(this.status, 'status')}
      ${flag ? html`<span class="badge plain" data-role="flag">${flag}</span>` : nothing}
      ${total > 1 ? html`<span class="muted" data-role="attempt">attempt ${v?.attempt} of ${total}</span>` : nothing}
      ${v?.reason && this.status === 'skipped' ? html`<span class="muted" data-role="skip-reason">skipped: <q>${v.reason}</q></span>` : nothing}
      <span class="facts">
        ${code ? html`<span data-exit=${v?.exitCode ?? ''}>${code}</span>` : nothing}
        <span>${formatDuration(v?.startedAt, v?.endedAt)}</span>
      </span>
    </div>`;
  }

  private code(fold: FoldInput, id: string) {
    if (!this.fold.isOpen(fold)) return this.fold.peek(fold, id);
    const s = this.step;
    // Flagged text is drawn with its hidden characters marked, never highlighted as code.
    if (isFlagged(textFlags(s.text))) return revealedCode(s.text, id);
    const highlighted = highlightStep(s.text, s.language);
    return html`<pre
      class="code"
      id=${id}
    ><code>${highlighted ? unsafeHTML(highlighted) : s.text}</code></pre>`;
  }

  override render() {
    const s = this.step;
    const v = this.view;
    const ran = this.ran;
    // Text with something out of sight is shown unfolded, like a runbook under review.
    const flagged = isFlagged(textFlags(s.text));
    const fold = { text: s.text, settled: ran, review: this.review || flagged };
    const codeId = `code-${s.name}`;
    const reason = this.applicable ? '' : (v?.reason ?? `Only for ${s.platforms.join(', ')}`);
    return cellFrame(
      s,
      this.status,
      `Step ${s.name}`,
      html`<header>
          ${this.fold.toggle(fold, codeId)}
          <span class="name">${s.name}</span>
          ${runmeNames(s)}
          ${s.line > 0 ? html`<span class="line muted">line ${s.line}</span>` : nothing}
          ${this.badges()}
          <span class="spacer"></span>
          ${ran ? nothing : html`<span title=${reason || nothing}>${statusBadge(this.status, 'status')}</span>`}
          ${this.action()}
        </header>
        ${stepProblems(this.problems)} ${runmeNote(s, v)} ${hiddenNotice(s.text)}
        ${this.code(fold, codeId)}
        <rl-attempts
          .attempts=${earlierAttempts(v)}
          .total=${v?.attempts?.length ?? 0}
          .versions=${this.versions}
          .runId=${this.runId}
        ></rl-attempts>
        ${
          ran
            ? html`${this.result()}
              ${
                this.printed
                  ? html`<rl-terminal
                      data-role="current"
                      .runId=${this.runId}
                      .step=${s.name}
                      .executionId=${v?.executionId ?? 0}
                      .live=${v?.status === 'running' && !this.readonly}
                    ></rl-terminal>`
                  : nothing
              }`
            : nothing
        }`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-step-cell': RlStepCell;
  }
}
