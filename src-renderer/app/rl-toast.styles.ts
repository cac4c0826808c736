/** The notices: a stack in the corner, coloured by kind. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';

export const toastStyles = [
  sharedStyles,
  css`
    :host {
      position: fixed;
      right: 16px;
      bottom: 16px;
      z-index: 20;
      display: flex;
      flex-direction: column;
      gap: 8px;
      max-width: 420px;
    }
    .toast {
      display: flex;
      gap: 10px;
      align-items: flex-start;
      padding: 10px 12px;
      border: 1px solid var(--rl-border);
      border-left: 4px solid var(--rl-running);
      border-radius: var(--rl-radius);
      background: var(--rl-surface);
      box-shadow: 0 6px 24px rgba(0, 0, 0, 0.2);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .toast.ok {
      border-left-color: var(--rl-ok);
    }
    .toast.error {
      border-left-color: var(--rl-fail);
    }
    .toast span {
      flex: 1;
    }
    button {
      height: 22px;
      padding: 0 6px;
      border: 0;
    }
  `,
];
