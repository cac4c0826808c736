/** The runbook's heading block: title, facts, trust question and parameters. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';

export const runHeaderStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      background: var(--rl-surface);
      padding: 14px 24px 12px;
    }
    h1 {
      margin: 0;
      font-size: 19px;
      line-height: 1.3;
    }
    .summary {
      margin: 3px 0 0;
      color: var(--rl-muted);
    }
    .facts {
      font-size: 12px;
      margin-top: 4px;
      display: flex;
      gap: 4px 12px;
      flex-wrap: wrap;
    }
    .file {
      overflow-wrap: anywhere;
    }
    .note {
      margin: 8px 0 0;
      font-size: 12px;
      color: var(--rl-muted);
    }
    .hidden-steps {
      margin: 10px 0 0;
      padding: 8px 12px;
      border-left: 3px solid var(--rl-warn);
      background: var(--rl-surface-2);
      font-size: 12.5px;
    }
    .hidden-steps strong {
      color: var(--rl-warn);
    }
    .trust {
      margin-top: 10px;
      padding: 8px 12px;
      border: 1px solid var(--rl-warn);
      border-radius: var(--rl-radius);
      display: flex;
      align-items: center;
      gap: 12px;
      flex-wrap: wrap;
    }
    .trust p {
      margin: 0;
      flex: 1;
      min-width: 240px;
    }
    rl-param-form {
      margin-top: 12px;
    }
    details.pinned {
      margin-top: 8px;
      font-size: 12px;
    }
    details.pinned summary {
      cursor: pointer;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 14px;
      align-items: baseline;
      color: var(--rl-muted);
    }
    details.pinned summary::before {
      content: '▸';
      color: var(--rl-text);
    }
    details.pinned[open] summary::before {
      content: '▾';
    }
    details.pinned .label {
      font-weight: 600;
      color: var(--rl-text);
    }
    details.pinned .pair {
      font-family: var(--rl-mono);
      overflow-wrap: anywhere;
    }
    details.pinned .key {
      color: var(--rl-text);
    }
  `,
];
