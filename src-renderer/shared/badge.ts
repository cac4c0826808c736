/** The status badge every view shows, coloured and worded from the one status table. */
import { html, nothing } from 'lit';
import { statusInfo } from './status.js';

/** A badge for a step or run status; `role` becomes `data-role` for tests and tools. */
export function statusBadge(status: string, role?: string) {
  const info = statusInfo(status);
  return html`<span
    class="badge tone-${info.tone}"
    data-role=${role ?? nothing}
    data-status=${status}
    >${info.label}</span
  >`;
}
