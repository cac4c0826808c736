/** The notebook's layout: its own scrolling pane, the sticky bar, the document and the outline. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';

export const notebookStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      height: 100%;
      overflow-y: auto;
      scroll-padding-top: 64px;
    }
    /* The bar (and a banner that must not be missed) stays while the runbook scrolls. */
    .sticky {
      position: sticky;
      top: 0;
      z-index: 4;
      background: var(--rl-surface);
      box-shadow: 0 2px 6px rgba(0, 0, 0, 0.06);
    }
    .columns {
      display: flex;
      align-items: flex-start;
      gap: 8px;
      padding-right: 16px;
    }
    .doc {
      flex: 1;
      min-width: 0;
      max-width: 1100px;
      padding: 4px 24px 48px;
    }
    nav.outline {
      flex: none;
      width: 250px;
      position: sticky;
      top: calc(var(--rl-sticky-height, 48px) + 12px);
      max-height: calc(var(--rl-pane-height, 600px) - var(--rl-sticky-height, 48px) - 24px);
      overflow-y: auto;
      margin-top: 14px;
      padding: 4px 4px 12px;
      border-left: 1px solid var(--rl-border);
    }
    nav.outline h2 {
      margin: 0 0 4px;
      padding: 0 8px;
      font-size: 11px;
      text-transform: uppercase;
      letter-spacing: 0.05em;
      color: var(--rl-muted);
    }
    .banner {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 8px 24px;
      background: color-mix(in srgb, var(--rl-warn) 14%, var(--rl-surface));
      border-bottom: 1px solid var(--rl-warn);
    }
    .banner span {
      flex: 1;
    }
    .loading {
      padding: 32px;
    }
  `,
];
