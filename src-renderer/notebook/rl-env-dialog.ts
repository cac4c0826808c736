/**
 * The question before a step that exports variables (Runme's promptEnv): a modal in the confirm
 * dialog's look with one field per variable, a password field for a name that says it holds a
 * secret. A field left empty keeps the value written in the step. Escape and Cancel leave the
 * step pending; the fields are removed from the page as soon as the dialog closes, so nothing
 * typed stays behind.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { EnvQuestion } from '../../src-main/api/contract.js';
import { emit } from '../shared/events.js';
import { deepActiveElement } from '../shared/focus.js';
import type { EnvAnswers, EnvAsk } from './env-prompt.js';
import { confirmDialogStyles } from './rl-confirm-dialog.styles.js';

@customElement('rl-env-dialog')
export class RlEnvDialog extends LitElement {
  static override styles = [
    confirmDialogStyles,
    css`
      .field {
        display: grid;
        grid-template-columns: minmax(120px, max-content) 1fr;
        gap: 4px 12px;
        align-items: center;
        margin: 8px 0;
      }
      .field input {
        width: 100%;
        box-sizing: border-box;
        font-family: var(--rl-mono);
      }
      .field .hint {
        grid-column: 2;
        font-size: 12px;
      }
      @media (max-width: 560px) {
        .field {
          grid-template-columns: 1fr;
        }
        .field .hint {
          grid-column: 1;
        }
      }
    `,
  ];

  /** The step and its questions; the dialog opens while it is set. */
  @property({ attribute: false }) asking?: EnvAsk;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form?: HTMLFormElement;
  private answered = false;
  /** Where the focus was when the dialog opened; it goes back there on close. */
  private returnTo?: HTMLElement;

  override updated(): void {
    if (this.asking && !this.dialog.open) {
      this.answered = false;
      this.returnTo = deepActiveElement();
      this.form?.reset();
      this.dialog.showModal();
      this.form?.querySelector('input')?.focus();
    } else if (!this.asking && this.dialog.open) this.dialog.close();
  }

  /** The fields filled in, by variable name, read once and then cleared from the form. */
  private values(): EnvAnswers {
    const answers: EnvAnswers = {};
    for (const input of this.form?.querySelectorAll('input') ?? []) {
      if (input.value !== '') answers[input.name] = input.value;
    }
    this.form?.reset();
    return answers;
  }

  private answer(run: boolean): void {
    if (this.answered || !this.asking) return;
    this.answered = true;
    const answers = run ? this.values() : undefined;
    this.form?.reset();
    if (this.dialog.open) this.dialog.close();
    emit(this, 'rl-env-answer', { step: this.asking.step.name, answers });
    const back = this.returnTo;
    this.returnTo = undefined;
    requestAnimationFrame(() => back?.isConnected && back.focus());
  }

  private field(q: EnvQuestion, i: number) {
    const id = `env-${i}`;
    const written = q.value !== '';
    const hint = q.secret
      ? `A secret: recorded as [redacted].${written ? ' Empty keeps the value written in the step.' : ''}`
      : written
        ? `Empty keeps the value written in the step: ${q.value}`
        : 'The step writes no value for it.';
    return html`<div class="field">
      <label for=${id} class="mono">${q.name}</label>
      <input
        id=${id}
        name=${q.name}
        type=${q.secret ? 'password' : 'text'}
        autocomplete="off"
        spellcheck="false"
        placeholder=${!q.secret && written ? q.value : nothing}
        aria-describedby="${id}-hint"
        data-secret=${q.secret ? 'true' : 'false'}
      />
      <span class="hint muted" id="${id}-hint">${hint}</span>
    </div>`;
  }

  override render() {
    const a = this.asking;
    return html`<dialog aria-labelledby="env-title" @close=${() => this.answer(false)}>
      ${
        a
          ? html`<h2 id="env-title">
                Step <span class="mono">${a.step.name}</span> asks for values
              </h2>
              <form
                autocomplete="off"
                @submit=${(e: Event) => {
                  e.preventDefault();
                  this.answer(true);
                }}
              >
                <div class="content">
                  <p class="muted">
                    The step exports these variables. What you type reaches the step only through
                    its environment; it is not kept on this page.
                  </p>
                  ${a.questions.map((q, i) => this.field(q, i))}
                </div>
                <footer>
                  <button type="button" @click=${() => this.answer(false)}>Cancel</button>
                  <button type="submit" class="primary">Run</button>
                </footer>
              </form>`
          : nothing
      }
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-env-dialog': RlEnvDialog;
  }
}
