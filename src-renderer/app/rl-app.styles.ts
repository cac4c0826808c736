/**
 * The shell's layout: a top bar, the library on the left (a column, or a drawer on a narrow
 * window), and the view of the route beside it.
 */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';

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
    .version {
      font-size: 11px;
      color: var(--rl-muted);
      white-space: nowrap;
    }
    button.toggle {
      height: 30px;
      padding: 0 8px;
    }
    .body {
      display: flex;
      flex: 1;
      min-height: 0;
    }
    aside {
      width: 280px;
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
    /* The drawer: the library over the page, from the left edge, on a narrow window. */
    dialog.drawer {
      margin: 0;
      padding: 0;
      inset: 0 auto 0 0;
      width: min(320px, 88vw);
      height: 100%;
      max-height: 100%;
      border: 0;
      border-right: 1px solid var(--rl-border);
      background: var(--rl-surface);
      color: var(--rl-text);
    }
    dialog.drawer[open] {
      display: flex;
      flex-direction: column;
    }
    dialog.drawer rl-library {
      flex: 1;
    }
    .drawer-head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      padding: 8px 12px 0;
    }
    .drawer-head h2 {
      margin: 0;
      font-size: 15px;
    }
    .drawer-head button {
      width: 30px;
      padding: 0;
      justify-content: center;
    }
    dialog.drawer::backdrop {
      background: rgba(0, 0, 0, 0.4);
    }
    main {
      flex: 1;
      min-width: 0;
      overflow-y: auto;
    }
    main.notebook {
      overflow: hidden;
    }
    .landing {
      max-width: 760px;
      padding: 18px 12px;
    }
    .landing h1 {
      font-size: 19px;
      margin: 0 12px 8px;
    }
    .loading {
      padding: 32px;
    }
    .empty {
      padding: 64px 32px;
      text-align: center;
    }
    .empty h1 {
      font-size: 17px;
      margin: 0 0 6px;
    }
    @media (max-width: 640px) {
      header.top {
        gap: 8px;
        padding: 0 8px;
      }
      nav a {
        padding: 0 8px;
      }
      .version,
      button.toggle .words {
        display: none;
      }
    }
    button.toggle .words {
      margin-left: 4px;
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
