/**
 * The runbook's outline: headings and steps with their status, each a link that brings its place
 * into view and gives it the focus (`rl-reveal`). The step the operator is at is marked current.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit, type RevealTarget } from '../shared/events.js';
import { statusInfo } from '../shared/status.js';
import type { OutlineEntry } from './outline.js';
import { outlineStyles } from './rl-outline.styles.js';

@customElement('rl-outline')
export class RlOutline extends LitElement {
  static override styles = outlineStyles;

  @property({ attribute: false }) entries: OutlineEntry[] = [];
  /** The step the operator is at (focused), marked in the list. */
  @property() current = '';

  private reveal(ev: Event, target: RevealTarget): void {
    ev.preventDefault();
    emit(this, 'rl-reveal', target);
  }

  private item(entry: OutlineEntry) {
    if (entry.kind === 'heading') {
      return html`<li class="heading depth-${entry.depth}">
        <a href="#" @click=${(e: Event) => this.reveal(e, { heading: entry.index })}
          >${entry.text}</a
        >
      </li>`;
    }
    const info = statusInfo(entry.status);
    return html`<li class="step" data-step=${entry.name} data-status=${entry.status}>
      <a
        href="#"
        aria-current=${entry.name === this.current ? 'step' : nothing}
        @click=${(e: Event) => this.reveal(e, { step: entry.name })}
      >
        <span class="dot tone-${info.tone}" aria-hidden="true"></span>
        <span>${entry.label}<span class="sr-only">, ${info.label}</span></span>
      </a>
    </li>`;
  }

  override render() {
    return html`<ol>
      ${this.entries.map((e) => this.item(e))}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-outline': RlOutline;
  }
}
