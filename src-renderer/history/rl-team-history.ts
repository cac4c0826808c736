/**
 * History, Team scope: the runs the whole team published to the ledger, newest first, filtered
 * and paged by the ledger's cursor. Each row names its signer, or marks "unknown signer" when the
 * key that signed was not a team signer then. A run opens read-only (`#/team-run/ID`). Without a
 * ledger the view says how to set one; with one that cannot be reached, it says so plainly and
 * lists what waits in this workstation's queue.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ApiClient } from '../api/client.js';
import { clientContext } from '../app/contexts.js';
import type { TeamRunSummary } from '../../src-main/core/ledger/index.js';
import { statusBadge } from '../shared/badge.js';
import { listen } from '../shared/events.js';
import { formatTime } from '../shared/format.js';
import { LEDGER_URL_EXAMPLE } from '../shared/ledger-example.js';
import { waitingRuns, waitingRunsStyles, waitingSummary } from '../shared/waiting-runs.js';
import { historyStyles } from './rl-history.styles.js';
import { teamHistoryStyles } from './rl-team-history.styles.js';
import { scopeSwitch, scopeSwitchStyles } from './scope-switch.js';
import { signerLabel } from './signer.js';
import { TeamHistory } from './team-history.js';
import { TEAM_PAGE_SIZE } from './team-filter.js';
import './rl-team-filters.js';

@customElement('rl-team-history')
export class RlTeamHistory extends LitElement {
  static override styles = [historyStyles, scopeSwitchStyles, waitingRunsStyles, teamHistoryStyles];

  @consume({ context: clientContext, subscribe: true })
  @state()
  client?: ApiClient;
  /** The library's runbooks, suggested in the runbook filter. */
  @property({ attribute: false }) runbooks: Array<{ id: string; title: string }> = [];
  private readonly history = new TeamHistory(this);

  constructor() {
    super();
    listen(this, { 'rl-team-filter': ({ filter }) => void this.history.setFilter(filter) });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('client') && this.client) {
      this.history.client = this.client;
      void this.history.load();
    }
  }

  private row(run: TeamRunSummary) {
    const started = formatTime(run.startedAt);
    const who = `${run.operator}@${run.host}`;
    const href = `#/team-run/${encodeURIComponent(run.runId)}`;
    return html`<tr data-run=${run.runId} data-signer=${run.signerName ? 'team' : 'unknown'}>
      <td class="wide">${statusBadge(run.status)}</td>
      <td class="runbook">
        <span class="narrow">${statusBadge(run.status)}</span>
        <a href=${href}>${run.runbookTitle}</a>
        <div class="id mono muted">${run.runId}</div>
        <div class="narrow meta muted">
          <span>${started}</span><span class="mono">${who}</span>
          <span>${signerLabel(run)}</span>
        </div>
      </td>
      <td class="wide">${started}</td>
      <td class="wide mono who">${run.operator}<wbr />@${run.host}</td>
      <td class="wide signer-cell">${signerLabel(run)}</td>
      <td class="wide muted published">
        <div>#${run.seq} by <span class="mono">${run.publishedBy}</span></div>
        <div>${formatTime(run.publishedAt)}</div>
      </td>
    </tr>`;
  }

  /** Turns the page; at the first or last page the focus moves from the button now disabled. */
  private async turn(way: 'newer' | 'older'): Promise<void> {
    await (way === 'newer' ? this.history.newer() : this.history.older());
    await this.updateComplete;
    const button = this.renderRoot.querySelector<HTMLButtonElement>(`button[data-page="${way}"]`);
    if (button?.disabled) {
      const other = way === 'newer' ? 'older' : 'newer';
      this.renderRoot.querySelector<HTMLButtonElement>(`button[data-page="${other}"]`)?.focus();
    }
  }

  private pager() {
    const h = this.history;
    if (h.page === 0 && !h.next) return nothing;
    const first = h.page * TEAM_PAGE_SIZE + 1;
    return html`<nav class="pager" aria-label="Pages of the team's runs">
      <button data-page="newer" ?disabled=${h.page === 0} @click=${() => void this.turn('newer')}>
        ← Newer
      </button>
      <span class="muted" data-role="page">
        Page ${h.page + 1} · runs ${first}–${first + h.runs.length - 1}
      </span>
      <button data-page="older" ?disabled=${!h.next} @click=${() => void this.turn('older')}>
        Older →
      </button>
    </nav>`;
  }

  private table() {
    const h = this.history;
    if (h.runs.length === 0) {
      if (h.state !== 'ready') return nothing;
      return html`<p class="empty muted">No run in the ledger matches.</p>`;
    }
    return html`<table aria-busy=${h.state === 'loading' ? 'true' : 'false'}>
        <thead>
          <tr>
            <th class="wide">Status</th>
            <th>Runbook</th>
            <th class="wide">Started</th>
            <th class="wide">Operator</th>
            <th class="wide">Signer</th>
            <th class="wide">Published</th>
          </tr>
        </thead>
        <tbody>
          ${h.runs.map((r) => this.row(r))}
        </tbody>
      </table>
      ${this.pager()}`;
  }

  private notConfigured() {
    return html`<section class="panel" data-role="team-not-configured" aria-labelledby="nl">
      <h2 id="nl">No team ledger is set</h2>
      <p>
        The Team scope lists the runs the whole team published to its ledger, a PostgreSQL database.
        Set its connection string in <a href="#/settings">Settings › Team ledger</a>, or in a
        terminal:
      </p>
      <pre class="mono">${`runlog ledger init '${LEDGER_URL_EXAMPLE}'`}</pre>
      <p class="muted">
        The password never goes in the string: it comes from ~/.pgpass (or PGPASSFILE), a service
        file (PGSERVICEFILE) or the environment. Until a ledger is set, finished runs stay in this
        workstation's history only.
      </p>
    </section>`;
  }

  private unreachable() {
    const h = this.history;
    const waiting = h.waiting?.waiting ?? [];
    return html`<section class="panel problem" data-role="team-unreachable" aria-labelledby="ur">
      <h2 id="ur">The team ledger cannot be reached</h2>
      <p class="why" role="alert">${h.message}</p>
      <p>
        Finished runs of this workstation wait in its queue and are published when the ledger
        answers again: nothing is lost.
      </p>
      ${h.waiting ? html`<p data-role="waiting-summary">${waitingSummary(waiting)}</p>` : nothing}
      ${waitingRuns(waiting)}
      <div class="actions">
        <button class="primary" @click=${() => void h.load()}>Try again</button>
        <a href="#/settings">Ledger settings</a>
      </div>
    </section>`;
  }

  private body() {
    const h = this.history;
    switch (h.state) {
      case 'not-configured':
        return this.notConfigured();
      case 'unreachable':
        return this.unreachable();
      case 'error':
        return html`<p class="error" role="alert">${h.message}</p>`;
      default:
        return html`<rl-team-filters
            .runbooks=${this.runbooks}
            .initial=${h.initialFilter}
          ></rl-team-filters>
          ${h.state === 'refused' ? html`<p class="error" role="alert">${h.message}</p>` : nothing}
          ${
            h.state === 'loading' && h.runs.length === 0
              ? html`<p class="loading muted" role="status">Reading the team ledger…</p>`
              : nothing
          }
          ${this.table()}`;
    }
  }

  override render() {
    return html`<div class="heading">
        <h1>History</h1>
        ${scopeSwitch('team')}
      </div>
      ${this.body()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-team-history': RlTeamHistory;
  }
}
