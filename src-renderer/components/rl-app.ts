/**
 * The application shell: connects to the service, routes by the URL hash, lays out the library,
 * the runbook with its run header, and the history, and turns the elements' events into API
 * calls. It is the only element that talks to the service (with its RunSession controller).
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { connect, type ApiClient } from '../api/client.js';
import type { AppInfo, RunbookSummary } from '../../src-main/api/contract.js';
import type { RunSummary } from '../../src-main/core/run-model.js';
import { appStyles } from './app-styles.js';
import { downloadExport } from './download.js';
import type { ExportFormat } from './events.js';
import { parseRoute, routeHash, type Route } from './router.js';
import { RunSession } from './run-session.js';
import type { RlToast } from './rl-toast.js';
import './rl-library.js';
import './rl-run-header.js';
import './rl-runbook-view.js';
import './rl-history.js';
import './rl-settings.js';
import './rl-confirm-dialog.js';
import './rl-toast.js';

/** Runs listed at once in the history; older ones are found with the filter. */
const HISTORY_PAGE = 200;
/** Room kept between the sticky run header and a cell scrolled into view (Shift+Enter, Tab). */
const SCROLL_GAP_PX = 12;

@customElement('rl-app')
export class RlApp extends LitElement {
  static override styles = appStyles;

  @state() private route: Route = parseRoute(location.hash);
  @state() private runbooks: RunbookSummary[] = [];
  @state() private runs: RunSummary[] = [];
  @state() private runsTotal = 0;
  @state() private info?: AppInfo;
  @state() private fatal = '';
  @state() private folders = { runbookFolders: [] as string[], commandLineFolders: [] as string[] };
  @state() private foldersError = '';
  @query('rl-toast') private toast?: RlToast;
  @query('main') private mainPane?: HTMLElement;
  /** Keeps cells scrolled into view clear of the sticky run header, whatever its height. */
  private readonly headerObserver = new ResizeObserver((entries) => {
    const height = entries[0]?.borderBoxSize[0]?.blockSize ?? 0;
    if (this.mainPane) this.mainPane.style.scrollPaddingTop = `${height + SCROLL_GAP_PX}px`;
  });
  private observedTop?: Element;
  private client?: ApiClient;
  private historyFilter = { text: '', status: '' };
  private readonly session = new RunSession(this);
  private readonly onHash = () => void this.navigate(parseRoute(location.hash));

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    try {
      this.client = await connect();
    } catch (err) {
      this.fatal = (err as Error).message; // the client's messages say how to get back in
      return;
    }
    this.session.listen(this.client);
    this.client.on('library:changed', () => void this.loadLibrary(true));
    this.client.on(
      'client:disconnected' as never,
      (lost: { message: string }) => (this.fatal = lost.message),
    );
    this.info = await this.client.call('app:info', {}).catch(() => undefined);
    this.session.platform = this.info?.platform ?? '';
    for (const notice of this.info?.notices ?? []) this.notify(notice, 'error');
    await this.loadLibrary(false);
    await this.navigate(this.route);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    this.headerObserver.disconnect();
  }

  override updated(): void {
    const top = this.renderRoot.querySelector('.run-top') ?? undefined;
    if (top === this.observedTop) return;
    this.headerObserver.disconnect();
    this.observedTop = top;
    if (top) this.headerObserver.observe(top);
    else if (this.mainPane) this.mainPane.style.scrollPaddingTop = '';
  }

  /** Shows a notice in the toast stack (the desktop app grants no notification permission). */
  notify(message: string, kind: 'info' | 'ok' | 'error' = 'info'): void {
    this.toast?.show(message, kind);
  }

  private go(route: Route): void {
    const hash = routeHash(route);
    if (location.hash === hash) void this.navigate(route);
    else location.hash = hash;
  }

  private async navigate(route: Route): Promise<void> {
    this.route = route;
    if (!this.client) return;
    if (route.view === 'runbook') await this.session.openRunbook(route.id);
    else if (route.view === 'run' && route.runId !== this.session.runId)
      await this.session.openRun(route.runId);
    else if (route.view === 'history') await this.loadHistory();
    else if (route.view === 'settings') await this.loadFolders();
  }

  private async loadFolders(): Promise<void> {
    const got = await this.session.call((c) => c.call('settings:get', {}));
    if (got) this.folders = got;
  }

  private async setFolders(folders: string[]): Promise<void> {
    if (!this.client) return;
    try {
      this.folders = await this.client.call('settings:set-runbook-folders', { folders });
      this.foldersError = '';
      await this.loadLibrary(true);
    } catch (err) {
      this.foldersError = (err as Error).message;
    }
  }

  private async loadLibrary(changed: boolean): Promise<void> {
    const list = await this.session.call((c) => c.call('library:list', {}));
    if (list) this.runbooks = list.runbooks;
    const rb = this.session.runbook;
    if (changed && rb && !this.session.runId && this.route.view === 'runbook')
      await this.session.openRunbook(rb.id);
  }

  private async loadHistory(): Promise<void> {
    const { text, status } = this.historyFilter;
    const got = await this.session.call((c) =>
      c.call('history:list', {
        text: text.trim() || undefined,
        status: (status || undefined) as RunSummary['status'] | undefined,
        limit: HISTORY_PAGE,
      }),
    );
    if (got) {
      this.runs = got.runs;
      this.runsTotal = got.total;
    }
  }

  private async start(): Promise<void> {
    const runId = await this.session.start();
    if (runId) this.go({ view: 'run', runId });
  }

  private async beforeRun(ev: CustomEvent<{ step: string }>): Promise<void> {
    const step = this.session.step(ev.detail.step);
    if (!step || (!step.sudo && !step.confirm)) return;
    ev.preventDefault();
    if (await this.session.ask(step)) await this.session.runStep(step.name, true);
  }

  private async attest(detail: {
    step: string;
    done: boolean;
    note?: string;
    device?: string;
  }): Promise<void> {
    const runId = this.session.runId;
    const ok = await this.session.call((c) => c.call('run:attest', { runId, ...detail }));
    if (ok) await this.session.refreshRun();
  }

  private async trust(id: string, sha256: string): Promise<void> {
    const ok = await this.session.call((c) => c.call('library:trust', { id, sha256 }));
    if (!ok) return;
    this.session.trusted = true;
    this.notify('Runbook trusted in this version.', 'ok');
    await this.loadLibrary(false);
    this.requestUpdate();
  }

  private async finish(): Promise<void> {
    const runId = this.session.runId;
    const done = await this.session.call((c) => c.call('run:finish', { runId }));
    if (done) {
      this.notify(`Run finished: ${done.status}.`, done.status === 'passed' ? 'ok' : 'info');
      await this.session.refreshRun();
    }
  }

  private async exportRun(format: ExportFormat): Promise<void> {
    const runId = this.session.runId;
    const file = await this.session.call((c) => c.call('evidence:export', { runId, format }));
    if (!file) return;
    downloadExport(file);
    this.notify(`Saved ${file.fileName}.`, 'ok');
  }

  private async deleteRun(runId: string): Promise<void> {
    const done = await this.session.call((c) => c.call('history:delete', { runId, confirm: true }));
    if (done?.deleted) this.notify('Run deleted from the history.', 'ok');
    await this.loadHistory();
  }

  private topBar() {
    return html`<header class="top">
      <a
        class="brand"
        href="#/"
        @click=${(e: Event) => (e.preventDefault(), this.go({ view: 'home' }))}
      >
        <span class="logo" aria-hidden="true">▤</span> Runlog
      </a>
      <nav aria-label="Views">
        ${(
          [
            ['#/', 'Runbooks', !['history', 'settings'].includes(this.route.view)],
            ['#/history', 'History', this.route.view === 'history'],
            ['#/settings', 'Settings', this.route.view === 'settings'],
          ] as const
        ).map(
          ([href, label, on]) =>
            html`<a href=${href} class=${on ? 'active' : ''} aria-current=${on ? 'page' : 'false'}
              >${label}</a
            >`,
        )}
      </nav>
      <span class="spacer"></span>
      ${
        this.info
          ? html`<span class="muted small mono" title=${this.info.dataDir}
              >v${this.info.version} · ${this.info.platform}</span
            >`
          : nothing
      }
    </header>`;
  }

  private runbookPane() {
    const s = this.session;
    if (!s.runbook || this.route.view === 'home') {
      return html`<div class="empty">
        <h2>Pick a runbook</h2>
        <p class="muted">
          Choose a runbook in the library to read it, fill in its parameters and start a run.
        </p>
      </div>`;
    }
    const { done, applicable } = s.progress;
    return html`
      <div class="run-top" data-role="run-top">
        ${
          s.changed
            ? html`<div class="banner" role="alert">
                <span
                  >${s.changed} No further step runs until you accept the new version or start a new
                  run.</span
                >
                ${s.status === 'open' ? html`<button @click=${() => s.acceptChange()}>Accept new version</button>` : nothing}
              </div>`
            : nothing
        }
        ${s.readonly ? html`<div class="banner info" role="note">A past run, shown read-only.</div>` : nothing}
        <rl-run-header
          .runbook=${s.runbook}
          .trusted=${s.trusted}
          .status=${s.status}
          .runId=${s.runId}
          .done=${done}
          .applicable=${applicable}
          .busy=${s.busy}
          .initialValues=${s.initialValues}
          @rl-params-change=${(e: CustomEvent<{ values: Record<string, string> }>) => (s.values = e.detail.values)}
          @rl-start-run=${() => this.start()}
          @rl-run-all=${() => s.runAll()}
          @rl-finish-run=${() => this.finish()}
          @rl-export=${(e: CustomEvent<{ format: ExportFormat }>) => this.exportRun(e.detail.format)}
          @rl-trust=${(e: CustomEvent<{ id: string; sha256: string }>) => this.trust(e.detail.id, e.detail.sha256)}
        ></rl-run-header>
      </div>
      <div class="doc">
        <rl-runbook-view
          .runbook=${s.runbook}
          .views=${s.views}
          .client=${this.client}
          .runId=${s.runId}
          .platform=${s.platform}
          .runnable=${s.status === 'open' && s.trusted && !s.changed}
          .busy=${s.busy}
          .readonly=${s.readonly}
          @rl-before-run=${(e: CustomEvent<{ step: string }>) => this.beforeRun(e)}
          @rl-run-step=${(e: CustomEvent<{ step: string }>) => s.runStep(e.detail.step)}
          @rl-stop-step=${() => s.call((c) => c.call('run:stop', { runId: s.runId }))}
          @rl-attest=${(e: CustomEvent<{ step: string; done: boolean }>) => this.attest(e.detail)}
        ></rl-runbook-view>
      </div>
    `;
  }

  private main() {
    if (this.route.view === 'history') {
      return html`<rl-history
        .runs=${this.runs}
        .total=${this.runsTotal}
        @rl-open-run=${(e: CustomEvent<{ runId: string }>) => this.go({ view: 'run', runId: e.detail.runId })}
        @rl-delete-run=${(e: CustomEvent<{ runId: string }>) => this.deleteRun(e.detail.runId)}
        @rl-history-filter=${(e: CustomEvent<{ text: string; status: string }>) => {
          this.historyFilter = e.detail;
          void this.loadHistory();
        }}
      ></rl-history>`;
    }
    if (this.route.view === 'settings') {
      return html`<rl-settings
        .folders=${this.folders.runbookFolders}
        .commandLineFolders=${this.folders.commandLineFolders}
        .error=${this.foldersError}
        @rl-set-folders=${(e: CustomEvent<{ folders: string[] }>) => void this.setFolders(e.detail.folders)}
      ></rl-settings>`;
    }
    return this.runbookPane();
  }

  override render() {
    if (this.fatal)
      return html`${this.topBar()}
        <p class="fatal" role="alert">${this.fatal}</p>`;
    const selected = ['history', 'settings'].includes(this.route.view)
      ? ''
      : (this.session.runbook?.id ?? '');
    return html`
      ${this.topBar()}
      <div class="body">
        <aside aria-label="Library">
          <rl-library
            .runbooks=${this.runbooks}
            .selected=${selected}
            @rl-open-runbook=${(e: CustomEvent<{ id: string }>) => this.go({ view: 'runbook', id: e.detail.id })}
          ></rl-library>
        </aside>
        <main>${this.main()}</main>
      </div>
      <rl-confirm-dialog
        .step=${this.session.confirmStep}
        @rl-confirm-answer=${(e: CustomEvent<{ confirmed: boolean }>) => this.session.answered(e.detail.confirmed)}
      ></rl-confirm-dialog>
      <rl-toast></rl-toast>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-app': RlApp;
  }
}
