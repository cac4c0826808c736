/**
 * A yes/no question in a modal dialog of the app's own, instead of the browser's `confirm()`
 * (which the desktop app cannot style, blocks every window and reads poorly). The Cancel button
 * has the focus when it opens, so a stray Enter declines; Escape declines too. When it closes,
 * focus goes back to where it was, or to a fallback when that element is gone (a deleted row).
 */
import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { deepActiveElement } from './focus.js';
import { askDialogStyles } from './rl-ask-dialog.styles.js';

/** What the dialog asks. */
export interface Question {
  title: string;
  message: string;
  /** Label of the button that says yes (a verb: "Delete run"). */
  confirmLabel: string;
  /** The yes button is styled as destructive. */
  danger?: boolean;
}

@customElement('rl-ask-dialog')
export class RlAskDialog extends LitElement {
  static override styles = askDialogStyles;

  @state() private question?: Question;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('button[data-role="cancel"]') private cancelButton!: HTMLButtonElement;
  /** Where focus goes when the dialog closes and the element that had it is gone. */
  @property({ attribute: false }) fallbackFocus?: () => HTMLElement | null | undefined;
  private resolve?: (yes: boolean) => void;
  private returnTo?: HTMLElement;

  /** Opens the dialog; resolves true only when the operator chose the yes button. */
  async ask(question: Question): Promise<boolean> {
    this.resolve?.(false);
    this.returnTo = deepActiveElement();
    this.question = question;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.cancelButton.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private answer(yes: boolean): void {
    const resolve = this.resolve;
    if (!resolve) return;
    this.resolve = undefined;
    if (this.dialog.open) this.dialog.close();
    resolve(yes);
    void this.restoreFocus();
  }

  /** After the page has reacted to the answer (a row may have gone), focus goes back. */
  private async restoreFocus(): Promise<void> {
    await new Promise((r) => requestAnimationFrame(r));
    const back = this.returnTo;
    this.returnTo = undefined;
    if (back?.isConnected) back.focus();
    else this.fallbackFocus?.()?.focus();
  }

  override render() {
    const q = this.question;
    return html`<dialog aria-labelledby="ask-title" @close=${() => this.answer(false)}>
      <h2 id="ask-title">${q?.title ?? ''}</h2>
      <p data-role="ask-message">${q?.message ?? ''}</p>
      <footer>
        <button data-role="cancel" @click=${() => this.answer(false)}>Cancel</button>
        <button class=${q?.danger ? 'danger' : 'primary'} @click=${() => this.answer(true)}>
          ${q?.confirmLabel ?? 'OK'}
        </button>
      </footer>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-ask-dialog': RlAskDialog;
  }
}
