/**
 * Short in-app notices (a long step finished, an export saved, an error): the desktop app denies
 * notification permissions, so the page tells the operator itself. Each toast fades by itself.
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { sharedStyles } from '../shared/shared.styles.js';

/** Long enough to read two lines; errors stay until dismissed. */
const TOAST_MS = 6000;

export type ToastKind = 'info' | 'ok' | 'error';
interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

@customElement('rl-toast')
export class RlToast extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: fixed;
        right: 16px;
        bottom: 16px;
        z-index: 20;
        display: flex;
        flex-direction: column;
        gap: 8px;
        max-width: 420px;
      }
      .toast {
        display: flex;
        gap: 10px;
        align-items: flex-start;
        padding: 10px 12px;
        border: 1px solid var(--rl-border);
        border-left: 4px solid var(--rl-running);
        border-radius: var(--rl-radius);
        background: var(--rl-surface);
        box-shadow: 0 6px 24px rgba(0, 0, 0, 0.2);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .toast.ok {
        border-left-color: var(--rl-ok);
      }
      .toast.error {
        border-left-color: var(--rl-fail);
      }
      .toast span {
        flex: 1;
      }
      button {
        height: 22px;
        padding: 0 6px;
        border: 0;
      }
    `,
  ];

  @state() private toasts: Toast[] = [];
  private next = 1;

  /** Shows a notice; errors stay until the operator closes them. */
  show(message: string, kind: ToastKind = 'info'): void {
    const id = this.next++;
    this.toasts = [...this.toasts, { id, kind, message }];
    if (kind !== 'error') setTimeout(() => this.dismiss(id), TOAST_MS);
  }

  private dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  override render() {
    return html`${this.toasts.map(
      (t) =>
        html`<div class="toast ${t.kind}" role=${t.kind === 'error' ? 'alert' : 'status'}>
          <span>${t.message}</span>
          <button aria-label="Dismiss" @click=${() => this.dismiss(t.id)}>✕</button>
        </div>`,
    )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-toast': RlToast;
  }
}
