/**
 * The runbook's outline: headings and steps with their status, each a link that brings its place
 * into view and gives it the focus (`rl-reveal`). The step the operator is at is marked current.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit, type RevealTarget } from '../shared/events.js';
import { sharedStyles } from '../shared/shared.styles.js';
import { statusInfo } from '../shared/status.js';
import type { OutlineEntry } from './outline.js';

@customElement('rl-outline')
export class RlOutline extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        font-size: 13px;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      a {
        display: flex;
        align-items: baseline;
        gap: 7px;
        padding: 3px 8px;
        border-radius: var(--rl-radius);
        color: var(--rl-text);
        text-decoration: none;
        overflow-wrap: anywhere;
      }
      a:hover {
        background: var(--rl-surface-2);
      }
      a[aria-current='step'] {
        background: var(--rl-selected);
      }
      .heading a {
        font-weight: 600;
        margin-top: 6px;
      }
      .depth-2 a {
        padding-left: 8px;
      }
      .depth-3 a {
        padding-left: 18px;
        font-weight: 500;
      }
      .step a {
        padding-left: 22px;
        font-family: var(--rl-mono);
        font-size: 12px;
      }
      .dot {
        flex: none;
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: currentColor;
        transform: translateY(-1px);
      }
      .dot.tone-off,
      .dot.tone-muted {
        background: transparent;
        border: 1.5px solid currentColor;
      }
      .dot.tone-off {
        border-style: dashed;
      }
    `,
  ];

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
