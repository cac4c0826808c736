/** The frame every step cell draws: the focusable card that names its step and shows its status. */
import { html, type TemplateResult } from 'lit';
import type { Step } from '../../src-main/core/runbook/model.js';
import { statusInfo } from '../shared/status.js';

/**
 * A cell's card around its content. Its `data-step`, `data-status` and `data-tone` are what the
 * notebook (Shift+Enter, the outline) and the styles read.
 */
export function cellFrame(
  step: Step,
  status: string,
  label: string,
  content: TemplateResult,
): TemplateResult {
  return html`<section
    class="cell"
    tabindex="0"
    data-step=${step.name}
    data-status=${status}
    data-tone=${statusInfo(status).tone}
    aria-label=${label}
  >
    ${content}
  </section>`;
}
