/**
 * A checklist item (`- [ ] question`): the operator checks it and may write an answer. A question
 * holding hidden characters is flagged and shown once more as its raw text with them marked.
 */
import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { renderMarkdown } from '../shared/markdown.js';
import {
  hiddenBadge,
  hiddenNotice,
  revealedCode,
  revealedTextStyles,
} from '../shared/revealed-text.js';
import { sharedStyles } from '../shared/shared.styles.js';
import { textFlags } from '../shared/text-flags.js';
import { AttestableStep, attestStyles } from './attestable-step.js';
import { cellStyles } from './cell.styles.js';
import { cellFrame } from './cell-frame.js';

@customElement('rl-checklist-step')
export class RlChecklistStep extends AttestableStep {
  static override styles = [sharedStyles, cellStyles, attestStyles, revealedTextStyles];
  protected readonly withDevice = false;

  override render() {
    const s = this.step;
    return cellFrame(
      s,
      this.status,
      `Checklist ${s.name}`,
      html`<header>
          <span class="badge plain">checklist</span>
          <span class="name">${s.name}</span>
          ${textFlags(s.text).hidden.length > 0 ? hiddenBadge(s.text) : nothing}
          <span class="spacer"></span>
          ${this.statusBadge()}
        </header>
        <div class="body question">${unsafeHTML(renderMarkdown(s.text))}</div>
        ${textFlags(s.text).hidden.length > 0 ? html`${hiddenNotice(s.text, 'This question')}${revealedCode(s.text)}` : nothing}
        ${this.controls('Done')}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-checklist-step': RlChecklistStep;
  }
}
