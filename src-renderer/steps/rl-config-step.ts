/**
 * A device-configuration step: text the operator applies on a network device by hand. Runlog
 * cannot run it, so it offers Copy and records who applied it where. Long text, and text already
 * attested, is folded like a script.
 */
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { copyText } from '../shared/clipboard.js';
import {
  hiddenBadge,
  hiddenNotice,
  revealedCode,
  revealedTextStyles,
} from '../shared/revealed-text.js';
import { ScrollRegions } from '../shared/scroll-regions.js';
import { sharedStyles } from '../shared/shared.styles.js';
import { isFlagged, textFlags } from '../shared/text-flags.js';
import { AttestableStep, attestStyles } from './attestable-step.js';
import { cellStyles } from './cell.styles.js';
import { cellFrame } from './cell-frame.js';
import { CodeFold } from './code-fold.js';

/** How long "Copied" stays on the button. */
const COPIED_FEEDBACK_MS = 1500;

@customElement('rl-config-step')
export class RlConfigStep extends AttestableStep {
  static override styles = [
    sharedStyles,
    cellStyles,
    attestStyles,
    revealedTextStyles,
    css`
      .copied {
        color: var(--rl-ok);
      }
    `,
  ];
  protected readonly withDevice = true;
  @state() private copied: 'yes' | 'no' | '' = '';
  private readonly fold = new CodeFold(this);

  constructor() {
    super();
    new ScrollRegions(this, 'pre.code', () => `Configuration ${this.step.name}`);
  }

  private async copy(): Promise<void> {
    this.copied = (await copyText(this.step.text, this.renderRoot as ShadowRoot)) ? 'yes' : 'no';
    setTimeout(() => (this.copied = ''), COPIED_FEEDBACK_MS);
  }

  override render() {
    const s = this.step;
    const flagged = isFlagged(textFlags(s.text));
    const fold = {
      text: s.text,
      settled: !!this.view?.attestation,
      review: this.review || flagged,
    };
    const codeId = `config-${s.name}`;
    return cellFrame(
      s,
      this.status,
      `Configuration ${s.name}`,
      html`<header>
          ${this.fold.toggle(fold, codeId)}
          <span class="badge plain">config · ${s.language || 'text'}</span>
          <span class="name">${s.name}</span>
          ${s.line > 0 ? html`<span class="line muted">line ${s.line}</span>` : nothing}
          ${hiddenBadge(s.text)}
          <span class="spacer"></span>
          ${this.statusBadge()}
          <button @click=${() => this.copy()} aria-live="polite">
            ${this.copied === 'yes' ? html`<span class="copied">Copied</span>` : this.copied === 'no' ? 'Copy failed' : 'Copy'}
          </button>
        </header>
        ${hiddenNotice(s.text, 'This configuration')}
        ${
          !this.fold.isOpen(fold)
            ? this.fold.peek(fold, codeId)
            : flagged
              ? revealedCode(s.text, codeId)
              : html`<pre class="code" id=${codeId}><code>${s.text}</code></pre>`
        }
        ${this.readonly && !this.view?.attestation ? nothing : this.controls('Applied')}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-config-step': RlConfigStep;
  }
}
