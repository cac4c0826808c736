/**
 * A device-configuration step: text the operator applies on a network device by hand. Runlog
 * cannot run it, so it offers Copy and records who applied it where. Long text, and text already
 * attested, is folded like a script. The text names the runbook's parameters (`$ACL_NAME`); it is
 * shown and copied with the run's values put in, by the same function that makes the text the
 * attestation records, so what the operator pastes is what the evidence says was applied.
 */
import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { substituteParams, type ConfigText } from '../../src-main/core/runbook/config-text.js';
import type { ParamSpec } from '../../src-main/core/runbook/model.js';
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
      .problems {
        margin: 6px 12px;
        font-size: 12px;
      }
    `,
  ];
  protected readonly withDevice = true;
  @property({ attribute: false }) params: readonly ParamSpec[] = [];
  @property({ attribute: false }) values: Readonly<Record<string, string>> = {};
  @state() private copied: 'yes' | 'no' | '' = '';
  private readonly fold = new CodeFold(this);

  constructor() {
    super();
    new ScrollRegions(this, 'pre.code', () => `Configuration ${this.step.name}`);
  }

  /** The text as it is applied: the run's values in place of the parameters it names. */
  private shown(): ConfigText {
    return substituteParams(this.step.text, this.params, this.values);
  }

  /** The parameters' labels (their names where they have none), for a sentence. */
  private labels(names: readonly string[]): string {
    const label = new Map(this.params.map((p) => [p.name, p.label ?? p.name]));
    return names.map((n) => `"${label.get(n) ?? n}"`).join(', ');
  }

  private async copy(): Promise<void> {
    const text = this.shown().text;
    this.copied = (await copyText(text, this.renderRoot as ShadowRoot)) ? 'yes' : 'no';
    setTimeout(() => (this.copied = ''), COPIED_FEEDBACK_MS);
  }

  override render() {
    const s = this.step;
    const { text, refused } = this.shown();
    const flagged = isFlagged(textFlags(s.text));
    const fold = {
      text,
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
          refused.length > 0
            ? html`<p class="problems tone-fail" role="status">
                Shown with ${refused.map((n) => `$${n}`).join(', ')} as written: the value of
                ${this.labels(refused)} does not pass its rule (see the parameters above).
              </p>`
            : nothing
        }
        ${
          !this.fold.isOpen(fold)
            ? this.fold.peek(fold, codeId)
            : flagged
              ? revealedCode(text, codeId)
              : html`<pre class="code" id=${codeId}><code>${text}</code></pre>`
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
