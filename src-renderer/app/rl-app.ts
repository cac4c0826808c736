/**
 * The application shell: connects to the service and provides the connection by context, routes
 * by the URL hash, lays out the top bar, the library (a column that folds away on a wide window, a drawer on a narrow one) and the view of the route, and
 * shows notices. It loads the library, the history and the settings itself; the notebook talks
 * to the service for the runbook and run on screen.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { connect, type ApiClient } from '../api/client.js';
import type { AppInfo, RunbookSummary } from '../../src-main/api/contract.js';
import type { RunSummary } from '../../src-main/core/run-model.js';
import { listen, type RlEventMap } from '../shared/events.js';
import { MediaQuery } from '../shared/media-query.js';
import type { NotebookTarget } from '../notebook/rl-notebook.js';
import { clientContext } from './contexts.js';
import { parseRoute, routeHash, type Route } from './router.js';
import { appStyles } from './rl-app.styles.js';
import type { RlToast } from './rl-toast.js';
import '../library/rl-library.js';
import '../notebook/rl-notebook.js';
import '../history/rl-history.js';
import '../history/rl-team-history.js';
import '../history/rl-team-run.js';
import '../settings/rl-settings.js';
import './rl-toast.js';

/** Runs listed at once in the history; older ones are found with the filter. */
const HISTORY_PAGE = 200;
/** Below this window width the library is a drawer over the page instead of a column. */
const NARROW_QUERY = '(max-width: 999px)';
/** Where the wide layout remembers that the operator folded the library away (not secret). */
const FOLDED_KEY = 'runlog.library-folded';

@customElement('rl-app')
export class RlApp extends LitElement {
  static override styles = appStyles;

  @provide({ context: clientContext }) @state() private client?: ApiClient;
  @state() private route: Route = parseRoute(location.hash);
  @state() private runbooks: RunbookSummary[] = [];
  @state() private runs: RunSummary[] = [];
  @state() private runsTotal = 0;
  @state() private info?: AppInfo;
  @state() private fatal = '';
  @state() private folders = { runbookFolders: [] as string[], commandLineFolders: [] as string[] };
  @state() private foldersError = '';
  @state() private folded = localStorage.getItem(FOLDED_KEY) === 'yes';
  @state() private drawerOpen = false;
  /** The runbook the notebook shows, marked in the library. */
  @state() private shown = '';
  /** The run History's Resume asked to take over; the notebook does it once it shows the run. */
  @state() private resumeId = '';
  @query('rl-toast') private toast?: RlToast;
  @query('dialog.drawer') private drawer?: HTMLDialogElement;
  @query('button[data-role="library-toggle"]') private toggleButton?: HTMLButtonElement;
  private readonly narrow = new MediaQuery(this, NARROW_QUERY);
  private historyFilter = { text: '', status: '' };
  private readonly onHash = () => void this.navigate(parseRoute(location.hash));

  constructor() {
    super();
    listen(this, {
      'rl-open-runbook': ({ id }) => this.go({ view: 'runbook', id }),
      'rl-open-run': ({ runId, resume }) => {
        this.resumeId = resume ? runId : '';
        this.go({ view: 'run', runId });
      },
      'rl-delete-run': ({ runId }) => void this.deleteRun(runId),
      'rl-history-filter': (filter) => {
        this.historyFilter = filter;
        void this.loadHistory();
      },
      'rl-set-folders': ({ folders }) => void this.setFolders(folders),
      'rl-navigate': ({ route }) => this.go(route),
      'rl-notify': ({ message, kind }) => this.notify(message, kind),
      'rl-library-stale': () => void this.loadLibrary(),
      'rl-runbook-shown': ({ id }) => (this.shown = id),
    });
  }

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    let client: ApiClient;
    try {
      client = await connect();
    } catch (err) {
      this.fatal = (err as Error).message; // the client's messages say how to get back in
      return;
    }
    this.client = client;
    client.on('library:changed', () => void this.loadLibrary());
    // The browser client's own signal that its socket closed: not an event of the contract.
    client.on(
      'client:disconnected' as never,
      (lost: { message: string }) => (this.fatal = lost.message),
    );
    this.info = await client.call('app:info', {}).catch(() => undefined);
    for (const notice of this.info?.notices ?? []) this.notify(notice, 'error');
    await this.loadLibrary();
    await this.navigate(this.route);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }

  /** Shows a notice in the toast stack (the desktop app grants no notification permission). */
  notify(message: string, kind: RlEventMap['rl-notify']['kind'] = 'info'): void {
    this.toast?.show(message, kind);
  }

  /** Calls the service; an error becomes a notice and `undefined`. */
  private async call<T>(work: (client: ApiClient) => Promise<T>): Promise<T | undefined> {
    if (!this.client) return undefined;
    try {
      return await work(this.client);
    } catch (err) {
      this.notify((err as Error).message, 'error');
      return undefined;
    }
  }

  private go(route: Route): void {
    if (this.drawerOpen) this.drawer?.close();
    const hash = routeHash(route);
    if (location.hash === hash) void this.navigate(route);
    else location.hash = hash;
  }

  private async navigate(route: Route): Promise<void> {
    this.route = route;
    if (route.view === 'history' && route.scope === 'local') await this.loadHistory();
    else if (route.view === 'settings') await this.loadFolders();
  }

  private async loadFolders(): Promise<void> {
    const got = await this.call((c) => c.call('settings:get', {}));
    if (got) this.folders = got;
  }

  private async setFolders(folders: string[]): Promise<void> {
    if (!this.client) return;
    try {
      this.folders = await this.client.call('settings:set-runbook-folders', { folders });
      this.foldersError = '';
      await this.loadLibrary();
    } catch (err) {
      this.foldersError = (err as Error).message;
    }
  }

  private async loadLibrary(): Promise<void> {
    const list = await this.call((c) => c.call('library:list', {}));
    if (list) this.runbooks = list.runbooks;
  }

  private async loadHistory(): Promise<void> {
    const { text, status } = this.historyFilter;
    const got = await this.call((c) =>
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

  private async deleteRun(runId: string): Promise<void> {
    const done = await this.call((c) => c.call('history:delete', { runId, confirm: true }));
    // The service says what became of the run folder (deleted, already gone, or kept and why).
    if (done?.deleted) this.notify(`Run deleted from the history. ${done.message}`, 'ok');
    await this.loadHistory();
  }

  /** The library toggle: folds the column on a wide window, opens the drawer on a narrow one. */
  private async toggleLibrary(): Promise<void> {
    if (!this.narrow.matches) {
      this.folded = !this.folded;
      localStorage.setItem(FOLDED_KEY, this.folded ? 'yes' : 'no');
      return;
    }
    this.drawerOpen = true;
    await this.updateComplete;
    this.drawer?.showModal();
  }

  private onDrawerClick(ev: MouseEvent): void {
    // A click on the dialog itself, not its content, is a click on the backdrop.
    if (ev.target === this.drawer) this.drawer?.close();
  }

  private onDrawerClose(): void {
    this.drawerOpen = false;
    this.toggleButton?.focus();
  }

  private get libraryShown(): boolean {
    return this.narrow.matches ? this.drawerOpen : !this.folded;
  }

  private get selected(): string {
    const r = this.route;
    if (r.view === 'runbook') return r.id;
    return r.view === 'run' ? this.shown : '';
  }

  private topBar() {
    const v = this.route.view;
    const inHistory = v === 'history' || v === 'team-run';
    const links: Array<[string, string, boolean]> = [
      ['#/', 'Runbooks', !inHistory && v !== 'settings'],
      ['#/history', 'History', inHistory],
      ['#/settings', 'Settings', v === 'settings'],
    ];
    return html`<header class="top">
      <button
        class="toggle"
        data-role="library-toggle"
        aria-expanded=${this.libraryShown ? 'true' : 'false'}
        aria-controls="library"
        aria-label="Library"
        title="Show or hide the library"
        @click=${() => void this.toggleLibrary()}
      >
        <span aria-hidden="true">☰</span><span class="words">Library</span>
      </button>
      <a class="brand" href="#/"><span class="logo" aria-hidden="true">▤</span> Runlog</a>
      <nav aria-label="Views">
        ${links.map(
          ([href, label, on]) =>
            html`<a href=${href} class=${on ? 'active' : ''} aria-current=${on ? 'page' : 'false'}
              >${label}</a
            >`,
        )}
      </nav>
      <span class="spacer"></span>
      ${
        this.info
          ? html`<span class="version mono" title=${this.info.dataDir}
              >v${this.info.version} · ${this.info.platform}</span
            >`
          : nothing
      }
    </header>`;
  }

  private library() {
    const list = html`<rl-library
      .runbooks=${this.runbooks}
      .selected=${this.selected}
    ></rl-library>`;
    if (this.narrow.matches) {
      return this.drawerOpen
        ? html`<dialog
            class="drawer"
            id="library"
            aria-label="Library"
            @click=${this.onDrawerClick}
            @close=${this.onDrawerClose}
          >
            <div class="drawer-head">
              <h2>Library</h2>
              <button aria-label="Close the library" @click=${() => this.drawer?.close()}>✕</button>
            </div>
            ${list}
          </dialog>`
        : nothing;
    }
    return this.folded ? nothing : html`<aside id="library" aria-label="Library">${list}</aside>`;
  }

  private home() {
    if (this.libraryShown && !this.narrow.matches) {
      return html`<div class="empty">
        <h1>Pick a runbook</h1>
        <p class="muted">
          Choose a runbook in the library to read it, fill in its parameters and start a run.
        </p>
      </div>`;
    }
    return html`<div class="landing">
      <h1>Runbooks</h1>
      <rl-library .runbooks=${this.runbooks} .selected=${this.selected}></rl-library>
    </div>`;
  }

  private view() {
    const r = this.route;
    if (!this.client) return html`<p class="loading muted" role="status">Connecting…</p>`;
    if (r.view === 'history' && r.scope === 'team') {
      return html`<rl-team-history .runbooks=${this.runbooks}></rl-team-history>`;
    }
    if (r.view === 'history') {
      return html`<rl-history .runs=${this.runs} .total=${this.runsTotal}></rl-history>`;
    }
    if (r.view === 'team-run') return html`<rl-team-run .runId=${r.runId}></rl-team-run>`;
    if (r.view === 'settings') {
      return html`<rl-settings
        .folders=${this.folders.runbookFolders}
        .commandLineFolders=${this.folders.commandLineFolders}
        .error=${this.foldersError}
      ></rl-settings>`;
    }
    if (r.view === 'home') return this.home();
    const target: NotebookTarget = r.view === 'run' ? { run: r.runId } : { runbook: r.id };
    return html`<rl-notebook
      .target=${target}
      .resumeRun=${this.resumeId}
      .platform=${this.info?.platform ?? ''}
    ></rl-notebook>`;
  }

  override render() {
    const notebook = this.route.view === 'run' || this.route.view === 'runbook';
    return html`
      ${this.topBar()}
      ${
        this.fatal
          ? html`<p class="fatal" role="alert">${this.fatal}</p>`
          : html`<div class="body">
              ${this.library()}
              <main class=${notebook ? 'notebook' : ''}>${this.view()}</main>
            </div>`
      }
      <rl-toast></rl-toast>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-app': RlApp;
  }
}
