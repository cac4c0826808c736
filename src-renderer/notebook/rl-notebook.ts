/**
 * The runbook and its run on screen: the heading block that scrolls away, the one-line run bar
 * that stays, the document with its cells, and the outline (a column of its own on a wide pane,
 * behind a button of the bar on a narrow one). It owns the RunSession, so it turns the cells' and
 * the bar's events into API calls; what the whole app must know (a new address, a notice, a
 * library to reload) it sends up to the shell as events.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ApiClient } from '../api/client.js';
import { clientContext } from '../app/contexts.js';
import { downloadExport } from '../shared/download.js';
import {
  emit,
  listen,
  type ExportFormat,
  type RevealTarget,
  type RlEvent,
  type RlEventMap,
} from '../shared/events.js';
import { hasErrors, type Runbook } from '../../src-main/core/runbook/model.js';
import {
  nextPending,
  outlineShape,
  withStatus,
  type OutlineEntry,
  type OutlineShape,
} from './outline.js';
import { needsConfirmation, RunSession } from './run-session.js';
import { finishMessage, outcomeLines } from './outcome-words.js';
import type { RlAskDialog } from '../shared/rl-ask-dialog.js';
import { runSummary } from './run-summary.js';
import { changeBanner } from './runbook-change.js';
import type { RlRunHeader } from './rl-run-header.js';
import type { RlRunbookView } from './rl-runbook-view.js';
import { notebookStyles } from './rl-notebook.styles.js';
import './rl-run-header.js';
import './rl-run-bar.js';
import './rl-runbook-view.js';
import './rl-outline.js';
import './rl-confirm-dialog.js';
import './rl-run-files.js';
import '../shared/rl-ask-dialog.js';
import './rl-env-dialog.js';

/** Width of the notebook from which the outline has a column of its own beside the document. */
export const OUTLINE_COLUMN_MIN_PX = 960;
/** Room kept between the sticky bar and a cell scrolled into view (Shift+Enter, the outline). */
const SCROLL_GAP_PX = 12;

/** What the notebook shows: a runbook with no run yet, or a run. */
export type NotebookTarget = { runbook: string } | { run: string };

@customElement('rl-notebook')
export class RlNotebook extends LitElement {
  static override styles = notebookStyles;

  @consume({ context: clientContext, subscribe: true })
  @state()
  client?: ApiClient;
  @property({ attribute: false }) target?: NotebookTarget;
  /** The run to take over once shown (History's Resume): asks for its secrets again. */
  @property() resumeRun = '';
  /** The platform this app runs on (`app:info`). */
  @property() platform = '';
  @state() private wide = true;
  @state() private stuck = false;
  @state() private paramsValid = true;
  @state() private current = '';
  @query('rl-run-header') private header?: RlRunHeader;
  @query('rl-runbook-view') private view?: RlRunbookView;
  @query('.sticky') private sticky?: HTMLElement;
  @query('rl-ask-dialog') private askDialog?: RlAskDialog;

  private readonly session = new RunSession(this);
  private readonly sized = new ResizeObserver(() => this.measure());
  private readonly scrolled = new IntersectionObserver((entries) => {
    const last = entries[entries.length - 1];
    if (last) this.stuck = !last.isIntersecting;
  });
  private observedHeader?: Element;
  private shownId = '';
  private offLibrary?: () => void;
  private loaded = '';
  /** The outline's headings and steps, read once per runbook shown. */
  private shape?: { runbook: Runbook; shape: OutlineShape };
  private readonly onKey = (ev: KeyboardEvent) => {
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey && ev.code === 'KeyN') {
      ev.preventDefault();
      this.goToNextPending();
    }
  };

  constructor() {
    super();
    listen(this, {
      'rl-params-change': ({ values, valid }) => {
        this.session.values = values;
        this.paramsValid = valid;
        this.requestUpdate();
      },
      'rl-start-run': () => void this.start(),
      'rl-run-all': () => void this.session.runAll(),
      'rl-finish-run': () => void this.finish(),
      'rl-leave-open': () => void this.leaveOpen(),
      'rl-resume-run': () => void this.resume(),
      'rl-export': ({ format }) => void this.exportRun(format),
      'rl-trust': ({ id, sha256 }) => void this.trust(id, sha256),
      'rl-accept-change': () => void this.session.acceptChange(),
      'rl-before-run': (_, ev) => this.beforeRun(ev),
      'rl-run-step': ({ step }) => void this.session.runStep(step),
      'rl-stop-step': ({ step }) =>
        void this.session.call((c) => c.call('run:stop', { ...this.runRef(), step })),
      'rl-skip-step': ({ step }) => void this.skip(step),
      'rl-attest': (detail) => void this.attest(detail),
      'rl-confirm-answer': ({ confirmed }) => this.session.answered(confirmed),
      'rl-env-answer': ({ answers }) => this.session.env.answered(answers),
      'rl-categories-change': ({ categories }) => {
        this.session.categories = categories;
        this.requestUpdate();
      },
      'rl-reveal': (target) => this.reveal(target),
      'rl-next-pending': () => this.goToNextPending(),
      'rl-step-focus': ({ step }) => (this.current = step),
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.sized.observe(this);
    window.addEventListener('keydown', this.onKey);
    this.watchLibrary();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offLibrary?.();
    this.offLibrary = undefined;
    this.sized.disconnect();
    this.scrolled.disconnect();
    this.observedHeader = undefined;
    window.removeEventListener('keydown', this.onKey);
  }

  /** A resumed run needs its secret values again: asks for them (see RunSession.resume). */
  refused(code: string): void {
    if (code === 'needs-params') void this.resume();
  }

  private resuming = false;

  /** Takes the run on screen over, asking for the secret values the record does not keep. */
  private async resume(): Promise<void> {
    if (this.resuming) return;
    this.resuming = true;
    try {
      const ok = await this.session.resume(async (names) =>
        this.askDialog?.askSecrets({
          title: 'Give the secret values again',
          message:
            'This run continues here. Secret values are never stored, so the steps need them again.',
          secrets: names,
          confirmLabel: 'Continue the run',
        }),
      );
      if (ok) this.notify('The run continues here.', 'ok');
    } finally {
      this.resuming = false;
    }
  }

  /** Tells the shell about something the operator must see (the session's notices). */
  notify(message: string, kind: 'info' | 'ok' | 'error' = 'info'): void {
    emit(this, 'rl-notify', { message, kind });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('platform')) this.session.platform = this.platform;
    if (changed.has('client') && this.client) {
      this.session.listen(this.client);
      this.watchLibrary();
    }
    if (changed.has('client') || changed.has('target')) void this.load();
  }

  override updated(): void {
    const id = this.session.runbook?.id ?? '';
    if (id !== this.shownId) {
      this.shownId = id;
      emit(this, 'rl-runbook-shown', { id });
    }
    const header = this.header;
    if (header !== this.observedHeader) {
      this.scrolled.disconnect();
      this.observedHeader = header;
      if (header) this.scrolled.observe(header);
    }
    if (this.sticky) this.sized.observe(this.sticky);
  }

  /** Keeps the outline column and cells scrolled into view clear of the sticky bar. */
  private measure(): void {
    this.wide = this.clientWidth >= OUTLINE_COLUMN_MIN_PX;
    const bar = this.sticky?.offsetHeight ?? 0;
    this.style.scrollPaddingTop = `${bar + SCROLL_GAP_PX}px`;
    this.style.setProperty('--rl-sticky-height', `${bar}px`);
    this.style.setProperty('--rl-pane-height', `${this.clientHeight}px`);
  }

  private async load(): Promise<void> {
    const target = this.target;
    if (!this.client || !target) return;
    const key = JSON.stringify(target);
    if (key === this.loaded) return;
    this.loaded = key;
    if ('runbook' in target) await this.session.openRunbook(target.runbook);
    else if (target.run !== this.session.runId) await this.session.openRun(target.run);
    this.current = '';
    if ('run' in target && this.resumeRun === target.run) await this.resume();
  }

  private watchLibrary(): void {
    if (this.offLibrary || !this.client) return;
    this.offLibrary = this.client.on('library:changed', () => void this.reloadRunbook());
  }

  /** The runbook's file changed on disk: a runbook shown without a run shows the new version. */
  private async reloadRunbook(): Promise<void> {
    const rb = this.session.runbook;
    if (rb && !this.session.runId && this.target && 'runbook' in this.target)
      await this.session.openRunbook(rb.id);
  }

  private runRef(): { runId: string } {
    return { runId: this.session.runId };
  }

  private async start(): Promise<void> {
    if (!this.paramsValid) {
      await this.header?.revealErrors();
      return;
    }
    const runId = await this.session.start();
    if (!runId) return;
    this.loaded = JSON.stringify({ run: runId });
    emit(this, 'rl-navigate', { route: { view: 'run', runId } });
  }

  /** A gated step, or one whose text hides characters, runs only once the operator confirms. */
  private beforeRun(ev: RlEvent<'rl-before-run'>): void {
    const step = this.session.step(ev.detail.step);
    if (!step || !needsConfirmation(step)) return;
    ev.preventDefault();
    void this.session.ask(step).then(async (yes) => {
      if (yes) await this.session.runStep(step.name, true);
    });
  }

  private async attest(detail: RlEventMap['rl-attest']): Promise<void> {
    const ok = await this.session.call((c) =>
      c.call('run:attest', { ...this.runRef(), ...detail }),
    );
    if (ok) await this.session.refreshRun();
  }

  private async trust(id: string, sha256: string): Promise<void> {
    const ok = await this.session.call((c) => c.call('library:trust', { id, sha256 }));
    if (!ok) return;
    if (this.session.proposed?.runbook.sha256 === sha256) this.session.proposed.trusted = true;
    if (this.session.runbook?.sha256 === sha256) this.session.trusted = true;
    this.notify('Runbook trusted in this version.', 'ok');
    emit(this, 'rl-library-stale', {});
    this.requestUpdate();
  }

  /** Skips a step once the operator has said why (the reason is kept in the evidence). */
  private async skip(step: string): Promise<void> {
    const reason = await this.askDialog?.askText({
      title: `Skip step ${step}?`,
      message:
        'Say why it is skipped here. The reason is kept in the record and the evidence; the run then passes with exceptions at best.',
      field: 'Reason',
      confirmLabel: 'Skip step',
    });
    if (!reason) return;
    const ok = await this.session.call((c) =>
      c.call('run:skip', { ...this.runRef(), step, reason }),
    );
    if (ok) await this.session.refreshRun();
  }

  /** Finishes the run once the operator has seen what finishing now would record, and why. */
  private async finish(): Promise<void> {
    await this.session.refreshRun();
    const outcome = this.session.outcome;
    const yes = await this.askDialog?.ask({
      title: 'Finish this run?',
      message: finishMessage(outcome),
      items: outcomeLines(outcome),
      confirmLabel: 'Finish run',
    });
    if (!yes) return;
    const done = await this.session.call((c) => c.call('run:finish', this.runRef()));
    if (!done) return;
    this.notify(`Run finished: ${done.status}.`, done.status === 'passed' ? 'ok' : 'info');
    await this.session.refreshRun();
  }

  private async leaveOpen(): Promise<void> {
    const runId = this.session.runId;
    if (!(await this.session.leaveOpen())) return;
    this.notify(
      `Run ${runId} is left open. Continue it with Resume here or in History, or on a terminal: runlog resume ${runId}`,
    );
  }

  private async exportRun(format: ExportFormat): Promise<void> {
    const file = await this.session.call((c) =>
      c.call('evidence:export', { ...this.runRef(), format }),
    );
    if (!file) return;
    downloadExport(file);
    this.notify(`Saved ${file.fileName}.`, 'ok');
  }

  private get outline(): OutlineEntry[] {
    const runbook = this.session.runbook;
    if (!runbook) return [];
    if (this.shape?.runbook !== runbook) this.shape = { runbook, shape: outlineShape(runbook) };
    return withStatus(this.shape.shape, this.session.views, this.platform);
  }

  private reveal(target: RevealTarget): void {
    if (this.view?.reveal(target) && 'step' in target) this.current = target.step;
  }

  /** Brings the next step still to do, after the one the operator is at, into view. */
  goToNextPending(): void {
    const step = nextPending(this.outline, this.current || undefined);
    if (step) this.reveal({ step });
    else this.notify('No step is pending: every applicable step has been run or attested.');
  }

  private bar(outline: OutlineEntry[]) {
    const s = this.session;
    const { done, applicable } = s.progress;
    const rb = s.runbook!;
    return html`<rl-run-bar
      .heading=${rb.title}
      .stuck=${this.stuck}
      .status=${s.status}
      .runId=${s.runId}
      .done=${done}
      .applicable=${applicable}
      .busy=${s.busy}
      .leftOpen=${s.leftOpen}
      .startable=${s.trusted && !hasErrors(rb)}
      .paramsValid=${this.paramsValid}
      .outline=${outline}
      .outlineHere=${!this.wide}
      .current=${this.current}
      .notes=${s.status === 'open' ? outcomeLines(s.outcome) : []}
      .wouldBe=${s.status === 'open' ? (s.outcome?.status ?? '') : ''}
      .versions=${s.versions.map((v) => v.sha256)}
    ></rl-run-bar>`;
  }

  override render() {
    const s = this.session;
    const rb = s.runbook;
    if (!rb) return html`<p class="loading muted" role="status">Opening…</p>`;
    const outline = this.outline;
    return html`
      <rl-run-header
        .runbook=${rb}
        .trusted=${s.trusted}
        .teamTrust=${s.teamTrust}
        .pinned=${s.status === 'open' || s.busy || s.readonly}
        .readonly=${s.readonly && !s.leftOpen}
        .initialValues=${s.initialValues}
        .categories=${s.categories}
      ></rl-run-header>
      <div class="sticky" data-role="run-top">
        ${changeBanner(this, this.session)} ${this.bar(outline)}
      </div>
      <div class="columns">
        <div class="doc">
          ${runSummary(this.session)}
          <rl-runbook-view
            .runbook=${rb}
            .views=${s.views}
            .values=${s.values}
            .runId=${s.runId}
            .platform=${this.platform}
            .runnable=${s.status === 'open' && s.trusted && !s.changed}
            .busy=${s.busy}
            .readonly=${s.readonly}
            .review=${!s.trusted}
            .versions=${s.versions}
          ></rl-runbook-view>
          <rl-run-files .runId=${s.runId} .revision=${s.revision}></rl-run-files>
        </div>
        ${
          this.wide
            ? html`<nav class="outline" aria-labelledby="outline-title">
                <h2 id="outline-title">Outline</h2>
                <rl-outline .entries=${outline} .current=${this.current}></rl-outline>
              </nav>`
            : nothing
        }
      </div>
      <rl-confirm-dialog .step=${s.confirmStep} .params=${s.initialValues}></rl-confirm-dialog>
      <rl-ask-dialog></rl-ask-dialog>
      <rl-env-dialog .asking=${s.env.asking}></rl-env-dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-notebook': RlNotebook;
  }
}
