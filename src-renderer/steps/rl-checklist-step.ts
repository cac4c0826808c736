/** A checklist item (`- [ ] question`): the operator checks it and may write an answer. */
import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { renderMarkdown } from '../shared/markdown.js';
import { sharedStyles } from '../shared/shared.styles.js';
import { AttestableStep, attestStyles } from './attestable-step.js';
import { cellStyles } from './cell.styles.js';
import { cellFrame } from './cell-frame.js';

@customElement('rl-checklist-step')
export class RlChecklistStep extends AttestableStep {
  static override styles = [sharedStyles, cellStyles, attestStyles];
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
          <span class="spacer"></span>
          ${this.statusBadge()}
        </header>
        <div class="body question">${unsafeHTML(renderMarkdown(s.text))}</div>
        ${this.controls('Done')}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-checklist-step': RlChecklistStep;
  }
}
