/**
 * A yes/no question in a modal dialog of the app's own, instead of the browser's `confirm()`
 * (which the desktop app cannot style, blocks every window and reads poorly). The Cancel button
 * has the focus when it opens, so a stray Enter declines; Escape declines too. When it closes,
 * focus goes back to where it was, or to a fallback when that element is gone (a deleted row).
 */
import { LitElement, html, nothing } from 'lit';
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
  /** A list under the message (what is pending, skipped or failed). */
  items?: string[];
  /** A text the operator must write before saying yes (a reason): its label. */
  field?: string;
  /** Secret values the operator must give again, by name: password fields, never shown. */
  secrets?: string[];
}

@customElement('rl-ask-dialog')
export class RlAskDialog extends LitElement {
  static override styles = askDialogStyles;

  @state() private question?: Question;
  @state() private text = '';
  @state() private values: Record<string, string> = {};
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('button[data-role="cancel"]') private cancelButton!: HTMLButtonElement;
  @query('textarea, input') private field?: HTMLElement;
  /** Where focus goes when the dialog closes and the element that had it is gone. */
  @property({ attribute: false }) fallbackFocus?: () => HTMLElement | null | undefined;
  private resolve?: (yes: boolean) => void;
  private returnTo?: HTMLElement;

  /** Opens the dialog; resolves true only when the operator chose the yes button. */
  async ask(question: Question): Promise<boolean> {
    this.resolve?.(false);
    this.returnTo = deepActiveElement();
    this.question = question;
    this.text = '';
    this.values = {};
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    (question.field || question.secrets?.length ? this.field : this.cancelButton)?.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  /** Asks for a text (a reason): resolves with it trimmed, or undefined when declined. */
  async askText(question: Question & { field: string }): Promise<string | undefined> {
    const yes = await this.ask(question);
    return yes ? this.text.trim() : undefined;
  }

  /** Asks for secret values again: resolves with each one, or undefined when declined. */
  async askSecrets(
    question: Question & { secrets: string[] },
  ): Promise<Record<string, string> | undefined> {
    const yes = await this.ask(question);
    return yes ? { ...this.values } : undefined;
  }

  /** The yes button waits until every required text is written. */
  private get incomplete(): boolean {
    const q = this.question;
    if (q?.field && this.text.trim() === '') return true;
    return (q?.secrets ?? []).some((name) => !this.values[name]);
  }

  private secretFields(names: string[]) {
    return names.map(
      (name) =>
        html`<label for="secret-${name}">${name}</label>
          <input
            id="secret-${name}"
            type="password"
            autocomplete="off"
            data-secret=${name}
            .value=${this.values[name] ?? ''}
            @input=${(e: Event) =>
              (this.values = { ...this.values, [name]: (e.target as HTMLInputElement).value })}
          />`,
    );
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
      ${
        q?.items?.length
          ? html`<ul data-role="ask-items">
              ${q.items.map((item) => html`<li>${item}</li>`)}
            </ul>`
          : nothing
      }
      ${
        q?.field
          ? html`<label for="ask-field">${q.field}</label>
              <textarea
                id="ask-field"
                required
                .value=${this.text}
                @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}
              ></textarea>`
          : nothing
      }
      ${q?.secrets?.length ? this.secretFields(q.secrets) : nothing}
      <footer>
        <button data-role="cancel" @click=${() => this.answer(false)}>Cancel</button>
        <button
          class=${q?.danger ? 'danger' : 'primary'}
          ?disabled=${this.incomplete}
          @click=${() => this.answer(true)}
        >
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
