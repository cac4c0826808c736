/**
 * Short in-app notices (a long step finished, an export saved, an error): the desktop app denies
 * notification permissions, so the page tells the operator itself. Each toast fades by itself.
 */
import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { toastStyles } from './rl-toast.styles.js';

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
  static override styles = toastStyles;

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
