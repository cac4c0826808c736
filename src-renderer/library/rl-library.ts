/**
 * The library sidebar: every runbook with its platforms, problems and trust (its own, or the team
 * ledger's "trusted by NAME on DATE"), searchable by title and tag. Picking one sends
 * `rl-open-runbook`; the shell loads it.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RunbookSummary } from '../../src-main/api/contract.js';
import { emit } from '../shared/events.js';
import { teamTrustLine } from '../shared/team-trust.js';
import { libraryStyles } from './rl-library.styles.js';

@customElement('rl-library')
export class RlLibrary extends LitElement {
  static override styles = libraryStyles;

  @property({ attribute: false }) runbooks: RunbookSummary[] = [];
  /** Id of the runbook on screen, highlighted in the list. */
  @property() selected = '';
  @state() private query = '';

  private shows(rb: RunbookSummary): boolean {
    const q = this.query.trim().toLowerCase();
    if (!q) return true;
    return q
      .split(/\s+/)
      .every(
        (word) =>
          rb.title.toLowerCase().includes(word) ||
          rb.id.toLowerCase().includes(word) ||
          rb.tags.some((t) => t.toLowerCase().includes(word)),
      );
  }

  private open(ev: Event, id: string): void {
    ev.preventDefault();
    emit(this, 'rl-open-runbook', { id });
  }

  private problems(rb: RunbookSummary) {
    if (rb.problems.length === 0) return nothing;
    const errors = rb.problems.filter((p) => p.severity === 'error').length;
    const label = errors
      ? `${errors} error${errors > 1 ? 's' : ''}`
      : `${rb.problems.length} warning${rb.problems.length > 1 ? 's' : ''}`;
    return html`<details class="problems" @click=${(e: Event) => e.stopPropagation()}>
      <summary
        class=${errors ? 'tone-fail' : 'tone-warn'}
        title=${rb.problems.map((p) => p.message).join('\n')}
      >
        ${label}
      </summary>
      <ul>
        ${rb.problems.map(
          (p) =>
            html`<li class=${p.severity === 'error' ? 'tone-fail' : 'tone-warn'}>
              ${p.line}:${p.column} ${p.message}
            </li>`,
        )}
      </ul>
    </details>`;
  }

  private item(rb: RunbookSummary) {
    return html`<li>
      <a
        class="item"
        href="#/runbook/${encodeURIComponent(rb.id)}"
        data-runbook=${rb.id}
        data-file=${rb.fileName}
        aria-current=${rb.id === this.selected ? 'page' : 'false'}
        @click=${(e: Event) => this.open(e, rb.id)}
      >
        <div class="title">${rb.title}</div>
        <div class="file mono muted" title=${rb.file}>${rb.fileName} · ${rb.stepCount} steps</div>
        <div class="meta">
          ${rb.platforms.map((p) => html`<span class="badge plain">${p}</span>`)}
          ${
            !rb.bundled && !rb.trusted
              ? html`<span class="badge warn" title="Not bundled with Runlog and not trusted yet"
                  >untrusted</span
                >`
              : nothing
          }
          ${rb.tags.map((t) => html`<span class="badge plain tag muted">${t}</span>`)}
        </div>
        ${rb.teamTrust ? html`<div class="trust-line">${teamTrustLine(rb.teamTrust)}</div>` : nothing}
      </a>
      ${this.problems(rb)}
    </li>`;
  }

  override render() {
    const shown = this.runbooks.filter((rb) => this.shows(rb));
    return html`
      <div class="search">
        <input
          type="search"
          placeholder="Search title or tag"
          aria-label="Search runbooks by title or tag"
          .value=${this.query}
          @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
        />
      </div>
      <ul aria-label="Runbooks">
        ${shown.map((rb) => this.item(rb))}
        ${shown.length === 0 ? html`<li class="empty muted">No runbook matches.</li>` : nothing}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-library': RlLibrary;
  }
}
