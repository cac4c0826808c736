/**
 * The library sidebar: every runbook with its platforms, problems and trust, searchable by title
 * and tag. Picking one sends `rl-open-runbook`; the shell loads it.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RunbookSummary } from '../../src-main/api/contract.js';
import { emit } from './events.js';
import { sharedStyles } from './shared-styles.js';

@customElement('rl-library')
export class RlLibrary extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      .search {
        padding: 10px 12px;
        border-bottom: 1px solid var(--rl-border);
      }
      .search input {
        width: 100%;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 6px;
        overflow: auto;
        flex: 1;
      }
      li + li {
        margin-top: 2px;
      }
      a.item {
        display: block;
        padding: 8px 10px;
        border-radius: var(--rl-radius);
        color: inherit;
        text-decoration: none;
        border: 1px solid transparent;
      }
      a.item:hover {
        background: var(--rl-surface-2);
      }
      a.item[aria-current='page'] {
        background: var(--rl-selected);
        border-color: var(--rl-border);
      }
      .title {
        font-weight: 600;
        line-height: 1.3;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        margin-top: 5px;
      }
      .file {
        font-size: 11px;
        margin-top: 2px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .badge {
        height: 18px;
        font-size: 10px;
      }
      .tag {
        border-style: dashed;
      }
      details.problems {
        margin-top: 5px;
        font-size: 12px;
      }
      details.problems summary {
        cursor: pointer;
      }
      details.problems li {
        font-family: var(--rl-mono);
        font-size: 11px;
        overflow-wrap: anywhere;
      }
      details.problems ul {
        padding: 4px 0 0 0;
      }
      .empty {
        padding: 16px 12px;
      }
    `,
  ];

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
        class=${errors ? 's-failed' : 'warn'}
        title=${rb.problems.map((p) => p.message).join('\n')}
      >
        ${label}
      </summary>
      <ul>
        ${rb.problems.map(
          (p) =>
            html`<li class=${p.severity === 'error' ? 's-failed' : 'warn'}>
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
