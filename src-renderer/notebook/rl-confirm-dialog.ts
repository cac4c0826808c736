/**
 * The gate before a `sudo` or `confirm` step, or a step whose text holds characters that do not
 * show on screen: a modal that shows the exact text about to run (hidden characters marked) and
 * the runbook's warning. Escape and Cancel decline; only the Run button confirms.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Step } from '../../src-main/core/runbook/model.js';
import { emit } from '../shared/events.js';
import { deepActiveElement } from '../shared/focus.js';
import { highlightStep } from '../shared/highlight.js';
import { hiddenNotice, revealedCode } from '../shared/revealed-text.js';
import { ScrollRegions } from '../shared/scroll-regions.js';
import { isFlagged, textFlags } from '../shared/text-flags.js';
import { confirmDialogStyles } from './rl-confirm-dialog.styles.js';

@customElement('rl-confirm-dialog')
export class RlConfirmDialog extends LitElement {
  static override styles = confirmDialogStyles;

  /** The step waiting for an answer; the dialog opens while it is set. */
  @property({ attribute: false }) step?: Step;
  @query('dialog') private dialog!: HTMLDialogElement;
  private answered = false;
  private readonly regions = new ScrollRegions(this, 'pre', () => 'The text that will run');
  /** Where the focus was when the dialog opened; it goes back there on close. */
  private returnTo?: HTMLElement;

  override updated(): void {
    if (this.step && !this.dialog.open) {
      this.answered = false;
      this.returnTo = deepActiveElement();
      this.dialog.showModal();
    } else if (!this.step && this.dialog.open) this.dialog.close();
  }

  private answer(confirmed: boolean): void {
    if (this.answered || !this.step) return;
    this.answered = true;
    const step = this.step.name;
    this.dialog.close();
    emit(this, 'rl-confirm-answer', { step, confirmed });
    const back = this.returnTo;
    this.returnTo = undefined;
    requestAnimationFrame(() => back?.isConnected && back.focus());
  }

  /** The text about to run: marked when something in it is out of sight, else highlighted. */
  private text(s: Step) {
    if (isFlagged(textFlags(s.text))) {
      return html`${hiddenNotice(s.text)}
        <p class="muted">This exact text will run:</p>
        ${revealedCode(s.text)}`;
    }
    const highlighted = highlightStep(s.text, s.language);
    return html`<p class="muted">This exact text will run:</p>
      <pre
        data-role="confirm-text"
      ><code>${highlighted ? unsafeHTML(highlighted) : s.text}</code></pre>`;
  }

  override render() {
    const s = this.step;
    return html`<dialog aria-labelledby="confirm-title" @close=${() => this.answer(false)}>
      ${
        s
          ? html`<h2 id="confirm-title">Run step <span class="mono">${s.name}</span>?</h2>
              <div class="content">
                ${s.sudo ? html`<p class="warning">This step runs with elevated rights (sudo).</p>` : nothing}
                ${s.confirm ? html`<p class="warning" data-role="confirm-message">${s.confirm}</p>` : nothing}
                ${this.text(s)}
              </div>
              <footer>
                <button @click=${() => this.answer(false)}>Cancel</button>
                <button class="primary" @click=${() => this.answer(true)}>Run</button>
              </footer>`
          : nothing
      }
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-confirm-dialog': RlConfirmDialog;
  }
}
