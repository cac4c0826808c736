/**
 * The top of a runbook: its title and facts (with the team ledger's "trusted by NAME on DATE"),
 * a note naming the steps whose text hides characters, the trust question for an untrusted
 * runbook, and the parameters. It scrolls away with the runbook; the one-line run bar below it stays. Once a run
 * has started its values are pinned, so they fold into one line that opens on demand.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { TeamTrustMark } from '../../src-main/api/contract.js';
import type { Runbook } from '../../src-main/core/runbook/model.js';
import { emit } from '../shared/events.js';
import { teamTrustLine } from '../shared/team-trust.js';
import { textFlags } from '../shared/text-flags.js';
import type { RlParamForm } from './rl-param-form.js';
import { runHeaderStyles } from './rl-run-header.styles.js';
import { runbookCategories } from './run-categories.js';
import './rl-param-form.js';
import './rl-category-choice.js';

@customElement('rl-run-header')
export class RlRunHeader extends LitElement {
  static override styles = runHeaderStyles;

  @property({ attribute: false }) runbook?: Runbook;
  @property({ type: Boolean }) trusted = true;
  /** The team ledger trusts this exact version. */
  @property({ attribute: false }) teamTrust?: TeamTrustMark;
  /** A run was started: its values are pinned and shown folded. */
  @property({ type: Boolean }) pinned = false;
  /** A past run, shown read-only. */
  @property({ type: Boolean }) readonly = false;
  @property({ attribute: false }) initialValues: Record<string, string> = {};
  /** The Runme categories chosen for the run (empty: every step). */
  @property({ attribute: false }) categories: string[] = [];
  @query('rl-param-form') private form?: RlParamForm;

  /** Shows every parameter's message and focuses the first field in error. */
  async revealErrors(): Promise<void> {
    await this.form?.revealErrors();
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

  /** Names the steps whose text holds characters a screen does not show, before anyone reads on. */
  private hiddenSteps(rb: Runbook) {
    const flagged = rb.steps.filter((s) => textFlags(s.text).hidden.length > 0).map((s) => s.name);
    if (flagged.length === 0) return nothing;
    return html`<p class="hidden-steps" role="note" data-role="hidden-steps">
      <strong>⚠ Hidden characters</strong> in ${flagged.length === 1 ? 'step' : 'steps'}
      ${flagged.map((name, i) => html`${i > 0 ? ', ' : ''}<span class="mono">${name}</span>`)}:
      characters that do not show on screen but are part of the text. They are marked in each step
      below, and a command step asks before it runs.
    </p>`;
  }

  /** The values of a started run on one line: names and values, secrets as dots. */
  private pinnedSummary(rb: Runbook) {
    return rb.params.map((p) => {
      const value = this.initialValues[p.name] ?? '';
      const shown = p.secret && value ? '••••' : value || '—';
      return html`<span class="pair"><span class="key">${p.name}</span> ${shown}</span>`;
    });
  }

  private params(rb: Runbook) {
    const form = html`<rl-param-form
      .params=${rb.params}
      .initial=${this.initialValues}
      ?disabled=${this.pinned}
    ></rl-param-form>`;
    if (!this.pinned || rb.params.length === 0) return form;
    return html`<details class="pinned">
      <summary>
        <span class="label">Parameters</span>
        ${this.pinnedSummary(rb)}
      </summary>
      ${form}
    </details>`;
  }

  override render() {
    const rb = this.runbook;
    if (!rb) return nothing;
    return html`
      <h1>${rb.title}</h1>
      ${rb.summary ? html`<p class="summary">${rb.summary}</p>` : nothing}
      <div class="facts muted">
        <span class="mono file" title=${rb.file}>${rb.file}</span>
        ${rb.source ? html`<span>Source: ${rb.source}</span>` : nothing}
        ${rb.platforms.length ? html`<span>Platforms: ${rb.platforms.join(', ')}</span>` : nothing}
        ${teamTrustLine(this.teamTrust, true)}
      </div>
      ${this.readonly ? html`<p class="note" role="note">A past run, shown read-only.</p>` : nothing}
      ${this.hiddenSteps(rb)} ${this.trustBox(rb)} ${this.params(rb)}
      <rl-category-choice
        .categories=${runbookCategories(rb)}
        .chosen=${this.categories}
        ?locked=${this.pinned || this.readonly}
      ></rl-category-choice>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-run-header': RlRunHeader;
  }
}
