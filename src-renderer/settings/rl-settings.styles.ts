/** Settings: the list of runbook folders and the field that adds one; the ledger's section below. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';

export const settingsStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      padding: 18px 24px;
      max-width: 760px;
    }
    h1 {
      font-size: 19px;
      margin: 0 0 12px;
    }
    h2 {
      font-size: 16px;
      margin: 0 0 4px;
    }
    rl-ledger-settings {
      margin-top: 28px;
      padding-top: 18px;
      border-top: 1px solid var(--rl-border);
    }
    p.lead {
      color: var(--rl-muted);
      margin: 0 0 16px;
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 0 0 12px;
      border: 1px solid var(--rl-border);
      border-radius: var(--rl-radius);
      background: var(--rl-surface);
    }
    li {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 8px 10px;
      border-bottom: 1px solid var(--rl-border);
      font-family: var(--rl-mono);
      font-size: 13px;
    }
    li:last-child {
      border-bottom: none;
    }
    li span.path {
      flex: 1;
      overflow-wrap: anywhere;
    }
    li.empty {
      font-family: var(--rl-font);
      color: var(--rl-muted);
    }
    form {
      display: flex;
      gap: 8px;
    }
    form input {
      flex: 1;
      font-family: var(--rl-mono);
    }
    .error {
      color: var(--rl-fail);
      margin-top: 8px;
    }
  `,
];
