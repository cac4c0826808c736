/**
 * Styles every element adopts: buttons, badges, focus rings and status colours, so the notebook
 * looks like one tool rather than a set of widgets.
 */
import { css } from 'lit';

export const sharedStyles = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--rl-focus);
    outline-offset: 2px;
  }
  button,
  select,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    height: 28px;
    padding: 0 12px;
    border: 1px solid var(--rl-border);
    border-radius: var(--rl-radius);
    background: var(--rl-surface);
    color: var(--rl-text);
    font-size: 13px;
    font-weight: 500;
    cursor: pointer;
    white-space: nowrap;
  }
  button:hover:not(:disabled) {
    background: var(--rl-surface-2);
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  button.primary {
    background: var(--rl-accent);
    border-color: var(--rl-accent);
    color: var(--rl-accent-text);
  }
  button.primary:hover:not(:disabled) {
    background: var(--rl-accent);
    filter: brightness(1.08);
  }
  button.danger {
    color: var(--rl-fail);
  }
  input[type='text'],
  input[type='password'],
  input[type='search'],
  input:not([type]),
  select,
  textarea {
    height: 28px;
    padding: 0 8px;
    border: 1px solid var(--rl-border);
    border-radius: var(--rl-radius);
    background: var(--rl-surface);
    min-width: 0;
  }
  textarea {
    height: auto;
    padding: 6px 8px;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--rl-fail);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    height: 20px;
    padding: 0 7px;
    border-radius: 10px;
    border: 1px solid currentColor;
    font-size: 11px;
    font-weight: 600;
    letter-spacing: 0.02em;
    text-transform: uppercase;
    white-space: nowrap;
    color: var(--rl-muted);
  }
  .badge.plain {
    text-transform: none;
    font-weight: 500;
    letter-spacing: 0;
  }
  /* Status colours by tone (see status.ts). */
  .tone-ok {
    color: var(--rl-ok);
  }
  .tone-fail {
    color: var(--rl-fail);
  }
  .tone-running {
    color: var(--rl-running);
  }
  .tone-warn,
  .warn {
    color: var(--rl-warn);
  }
  .tone-muted,
  .tone-off {
    color: var(--rl-muted);
  }
  .badge.tone-off {
    border-style: dashed;
  }
  .mono {
    font-family: var(--rl-mono);
  }
  .muted {
    color: var(--rl-muted);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  [hidden] {
    display: none !important;
  }
`;

/** The modal dialogs' frame: the box, its backdrop, the title and the button row. */
export const dialogStyles = css`
  dialog {
    border: 1px solid var(--rl-border);
    border-radius: 8px;
    background: var(--rl-surface);
    color: var(--rl-text);
    padding: 0;
    box-shadow: 0 12px 40px rgba(0, 0, 0, 0.3);
  }
  dialog::backdrop {
    background: rgba(0, 0, 0, 0.45);
  }
  h2 {
    font-size: 15px;
    margin: 0;
    padding: 14px 18px 0;
  }
  footer {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    padding: 12px 18px 16px;
  }
`;
