/** The shell's layout: a top bar, the library on the left, the runbook or history on the right. */
import { css } from 'lit';
import { sharedStyles } from './shared-styles.js';

export const appStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      height: 100vh;
      overflow: hidden;
    }
    header.top {
      display: flex;
      align-items: center;
      gap: 18px;
      height: 44px;
      padding: 0 16px;
      border-bottom: 1px solid var(--rl-border);
      background: var(--rl-surface);
      flex: none;
    }
    .brand {
      font-weight: 700;
      font-size: 15px;
      color: var(--rl-text);
      text-decoration: none;
      display: flex;
      align-items: center;
      gap: 6px;
    }
    .logo {
      color: var(--rl-accent);
      font-size: 17px;
    }
    nav {
      display: flex;
      gap: 2px;
      height: 100%;
    }
    nav a {
      display: flex;
      align-items: center;
      padding: 0 12px;
      color: var(--rl-muted);
      text-decoration: none;
      font-weight: 500;
      border-bottom: 2px solid transparent;
    }
    nav a:hover {
      color: var(--rl-text);
    }
    nav a.active {
      color: var(--rl-text);
      border-bottom-color: var(--rl-accent);
    }
    .spacer {
      flex: 1;
    }
    .small {
      font-size: 11px;
    }
    .body {
      display: flex;
      flex: 1;
      min-height: 0;
    }
    aside {
      width: 300px;
      flex: none;
      border-right: 1px solid var(--rl-border);
      background: var(--rl-surface);
      display: flex;
      flex-direction: column;
      min-height: 0;
    }
    aside rl-library {
      flex: 1;
    }
    main {
      flex: 1;
      min-width: 0;
      overflow-y: auto;
      scroll-padding-top: 16px;
    }
    /* The run header and its banners stay in view while the runbook scrolls beneath them. */
    .run-top {
      position: sticky;
      top: 0;
      z-index: 4;
      background: var(--rl-surface);
      box-shadow: 0 2px 6px rgba(0, 0, 0, 0.06);
    }
    .doc {
      padding: 4px 24px 48px;
      max-width: 1100px;
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
    .banner.info {
      background: var(--rl-surface-2);
      border-bottom-color: var(--rl-border);
      color: var(--rl-muted);
      font-size: 12px;
      padding: 5px 24px;
    }
    .empty {
      padding: 64px 32px;
      text-align: center;
    }
    .empty h2 {
      font-size: 17px;
      margin: 0 0 6px;
    }
    .fatal {
      margin: 24px;
      padding: 12px 16px;
      border: 1px solid var(--rl-fail);
      border-radius: var(--rl-radius);
      color: var(--rl-fail);
    }
  `,
];
