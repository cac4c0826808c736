/**
 * A run of the team ledger, opened read-only (`team:get`): who ran what where, who signed it (or
 * "unknown signer"), its parameters and every step as the signed record holds it, and the files
 * the ledger keeps. Verify checks it again (`team:verify`: signature, chains, the signer at the
 * time of signing, the ledger entry) and shows the verdict with each problem; Export saves the
 * evidence exactly as published (`team:export`, JSON) or its readable page (HTML).
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ApiClient } from '../api/client.js';
import { clientContext } from '../app/contexts.js';
import type { Responses } from '../../src-main/api/contract.js';
import type { SignedVerifyResult } from '../../src-main/core/ledger/index.js';
import { attempt } from '../shared/attempt.js';
import { statusBadge } from '../shared/badge.js';
import { downloadExport } from '../shared/download.js';
import { emit, listen } from '../shared/events.js';
import { formatTime } from '../shared/format.js';
import type { MenuItem } from '../shared/rl-menu-button.js';
import { ScrollRegions } from '../shared/scroll-regions.js';
import { teamRunStyles } from './rl-team-run.styles.js';
import { signerLabel } from './signer.js';
import { teamSteps } from './team-step.js';
import { verdictPanel } from './verdict.js';
import '../shared/rl-menu-button.js';

/** What team:export makes: the published JSON as it is, or the page rendered from it (no PDF: it needs Chromium). */
const EXPORT_FORMATS: Array<MenuItem & { value: 'html' | 'json' }> = [
  { value: 'json', label: 'JSON record, as published' },
  { value: 'html', label: 'HTML report' },
];

type TeamRun = Responses['team:get'];

@customElement('rl-team-run')
export class RlTeamRun extends LitElement {
  static override styles = teamRunStyles;

  @consume({ context: clientContext, subscribe: true })
  @state()
  client?: ApiClient;
  @property() runId = '';
  @state() private got?: TeamRun;
  @state() private problem = '';
  @state() private verdict?: SignedVerifyResult;
  @state() private verifying = false;
  private loaded = '';

  constructor() {
    super();
    new ScrollRegions(this, 'pre.output', (el) => {
      const step = el.closest<HTMLElement>('section.step')?.dataset.step ?? '';
      return `Output of step ${step}`;
    });
    listen(this, {
      'rl-menu-select': ({ menu, value }) => {
        const format = EXPORT_FORMATS.find((f) => f.value === value);
        if (menu === 'team-export' && format) void this.exportAs(format.value);
      },
    });
  }

  override willUpdate(): void {
    if (!this.client || this.loaded === this.runId) return;
    this.loaded = this.runId;
    void this.load();
  }

  private async load(): Promise<void> {
    const runId = this.runId;
    this.got = undefined;
    this.verdict = undefined;
    this.problem = '';
    const got = await attempt(this.client!.call('team:get', { runId }));
    if (runId !== this.runId) return;
    if (got.ok) this.got = got.value;
    else this.problem = got.error.message;
  }

  private async verify(): Promise<void> {
    if (this.verifying) return;
    this.verifying = true;
    const got = await attempt(this.client!.call('team:verify', { runId: this.runId }));
    this.verifying = false;
    if (!got.ok) {
      emit(this, 'rl-notify', { message: got.error.message, kind: 'error' });
      return;
    }
    this.verdict = got.value;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#verdict-title')?.focus();
  }

  private async exportAs(format: 'html' | 'json'): Promise<void> {
    const got = await attempt(this.client!.call('team:export', { runId: this.runId, format }));
    if (!got.ok) {
      emit(this, 'rl-notify', { message: got.error.message, kind: 'error' });
      return;
    }
    downloadExport(got.value);
    emit(this, 'rl-notify', { message: `Saved ${got.value.fileName}.`, kind: 'ok' });
  }

  private facts({ run, record }: TeamRun) {
    const fact = (label: string, value: unknown, role?: string) =>
      html`<div class="fact" data-role=${role ?? nothing}>
        <dt>${label}</dt>
        <dd>${value}</dd>
      </div>`;
    const host = `${record.host.name} · ${record.host.os} ${record.host.release} ${record.host.arch}`;
    return html`<dl class="facts">
      ${fact('Status', statusBadge(run.status, 'run-status'))}
      ${fact('Run', html`<span class="mono">${run.runId}</span>`)}
      ${fact('Started', formatTime(run.startedAt))}
      ${fact('Ended', run.endedAt ? formatTime(run.endedAt) : '—')}
      ${fact('Operator', html`<span class="mono">${run.operator}</span>`)}
      ${fact('Host', html`<span class="mono">${host}</span>`)}
      ${fact('Signed by', signerLabel(run), 'signed-by')}
      ${fact('Signing key', html`<span class="mono wrap">${run.signerFingerprint}</span>`)}
      ${fact('Published', `entry #${run.seq} by ${run.publishedBy}, ${formatTime(run.publishedAt)}`)}
      ${fact('Runbook', html`<span class="mono">${run.runbookId}</span> · <span class="mono wrap">sha256 ${run.runbookSha256}</span>`)}
      ${fact('Record hash', html`<span class="mono wrap">${run.recordHash}</span>`)}
    </dl>`;
  }

  private parameters({ record }: TeamRun) {
    const entries = Object.entries(record.parameters);
    if (entries.length === 0) return nothing;
    return html`<h2>Parameters</h2>
      <dl class="params">
        ${entries.map(
          ([k, v]) =>
            html`<div>
              <dt class="mono">${k}</dt>
              <dd class="mono">${v}</dd>
            </div>`,
        )}
      </dl>`;
  }

  private artifacts({ run }: TeamRun) {
    if (run.artifacts.length === 0) return nothing;
    return html`<h2>Files in the ledger</h2>
      <ul class="files">
        ${run.artifacts.map(
          (a) =>
            html`<li>
              <span class="mono path">${a.path}</span>
              <span class="muted">${a.size} bytes</span>
              <span class="badge plain ${a.stored ? 'tone-ok' : 'muted'}"
                >${a.stored ? 'content kept' : 'hash only'}</span
              >
            </li>`,
        )}
      </ul>`;
  }

  override render() {
    const back = html`<p class="back"><a href="#/history/team">← Team history</a></p>`;
    if (this.problem) {
      return html`${back}
        <h1>Team run ${this.runId}</h1>
        <p class="error" role="alert">${this.problem}</p>
        <button @click=${() => void this.load()}>Try again</button>`;
    }
    const got = this.got;
    if (!got)
      return html`${back}
        <p class="muted" role="status">Reading the run from the ledger…</p>`;
    return html`${back}
      <h1>${got.run.runbookTitle}</h1>
      <p class="note">A run published in the team ledger, shown read-only.</p>
      ${this.facts(got)}
      <div class="actions">
        <button
          class="primary"
          aria-busy=${this.verifying ? 'true' : 'false'}
          @click=${() => void this.verify()}
        >
          ${this.verifying ? 'Verifying…' : 'Verify'}
        </button>
        <rl-menu-button
          name="team-export"
          label="Export"
          align="start"
          .items=${EXPORT_FORMATS}
        ></rl-menu-button>
      </div>
      ${this.verdict ? verdictPanel(this.verdict) : nothing} ${this.parameters(got)}
      <h2>Steps</h2>
      ${teamSteps(got.record)} ${this.artifacts(got)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-team-run': RlTeamRun;
  }
}
