/**
 * A device-configuration step: text the operator applies on a network device by hand. Runlog
 * cannot run it, so it offers Copy and records who applied it where.
 */
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { AttestableStep, attestStyles } from './attestable-step.js';
import { cellStyles } from './cell-styles.js';
import { sharedStyles } from './shared-styles.js';

/** How long "Copied" stays on the button. */
const COPIED_FEEDBACK_MS = 1500;

/** Copies text, falling back to a hidden textarea where the Clipboard API is refused. */
export async function copyText(text: string, scope: ShadowRoot | Document): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    (scope instanceof ShadowRoot ? scope : document.body).append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

@customElement('rl-config-step')
export class RlConfigStep extends AttestableStep {
  static override styles = [
    sharedStyles,
    cellStyles,
    attestStyles,
    css`
      .copied {
        color: var(--rl-ok);
      }
    `,
  ];
  protected readonly withDevice = true;
  @state() private copied: 'yes' | 'no' | '' = '';

  private async copy(): Promise<void> {
    this.copied = (await copyText(this.step.text, this.renderRoot as ShadowRoot)) ? 'yes' : 'no';
    setTimeout(() => (this.copied = ''), COPIED_FEEDBACK_MS);
  }

  override render() {
    const s = this.step;
    return html`<section
      class="cell"
      tabindex="0"
      data-step=${s.name}
      data-status=${this.view?.status ?? 'pending'}
      aria-label="Configuration ${s.name}"
    >
      <header>
        <span class="badge plain">config · ${s.language || 'text'}</span>
        <span class="name">${s.name}</span>
        ${s.line > 0 ? html`<span class="line muted">line ${s.line}</span>` : nothing}
        <span class="spacer"></span>
        ${this.statusBadge()}
        <button @click=${() => this.copy()} aria-live="polite">
          ${this.copied === 'yes' ? html`<span class="copied">Copied</span>` : this.copied === 'no' ? 'Copy failed' : 'Copy'}
        </button>
      </header>
      <pre class="code"><code>${s.text}</code></pre>
      ${this.readonly && !this.view?.attestation ? nothing : this.controls('Applied')}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-config-step': RlConfigStep;
  }
}
