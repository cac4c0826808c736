/**
 * The History view's scope: this workstation's runs (its SQLite history) or the team's (the
 * ledger). Two links styled as one switch, so the scope is in the address and survives a reload.
 */
import { css, html } from 'lit';
import type { HistoryScope } from '../app/router.js';

/** Each scope with its address and its words, local first (where the History link lands). */
const SCOPES: Array<[HistoryScope, string, string]> = [
  ['local', '#/history', 'Local'],
  ['team', '#/history/team', 'Team'],
];

/** The switch, with the scope on screen marked as the current page. */
export function scopeSwitch(current: HistoryScope) {
  return html`<nav class="scope" aria-label="Whose runs">
    ${SCOPES.map(
      ([scope, href, label]) =>
        html`<a
          href=${href}
          data-scope=${scope}
          aria-current=${scope === current ? 'page' : 'false'}
          title=${scope === 'local' ? "This workstation's history" : "The team ledger's runs"}
          >${label}</a
        >`,
    )}
  </nav>`;
}

/** The switch as one segmented control, and the heading line it sits on beside the title. */
export const scopeSwitchStyles = css`
  .scope {
    display: inline-flex;
    border: 1px solid var(--rl-border);
    border-radius: var(--rl-radius);
    overflow: hidden;
    background: var(--rl-surface);
  }
  .scope a {
    padding: 4px 14px;
    font-size: 13px;
    font-weight: 500;
    color: var(--rl-text);
    text-decoration: none;
  }
  .scope a + a {
    border-left: 1px solid var(--rl-border);
  }
  .scope a[aria-current='page'] {
    background: var(--rl-accent);
    color: var(--rl-accent-text);
  }
  .scope a:hover:not([aria-current='page']) {
    background: var(--rl-surface-2);
  }
  .heading {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 8px 16px;
    margin: 0 0 12px;
  }
  .heading h1 {
    margin: 0;
  }
`;
