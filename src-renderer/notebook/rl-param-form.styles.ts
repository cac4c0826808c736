/** The parameter form: a grid of labelled fields, each with its help and its error. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';

export const paramFormStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }
    form {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
      gap: 10px 16px;
    }
    .field {
      display: flex;
      flex-direction: column;
      gap: 3px;
      min-width: 0;
    }
    label {
      font-size: 12px;
      font-weight: 600;
    }
    .name {
      font-family: var(--rl-mono);
      font-weight: 400;
      color: var(--rl-muted);
      font-size: 11px;
    }
    .help {
      font-size: 11px;
      color: var(--rl-muted);
      line-height: 1.35;
    }
    .error {
      font-size: 12px;
      color: var(--rl-fail);
      line-height: 1.35;
    }
    .warning {
      font-size: 12px;
      color: var(--rl-warn);
      line-height: 1.35;
    }
    .required {
      color: var(--rl-fail);
    }
    input,
    select {
      width: 100%;
      font-family: var(--rl-mono);
      font-size: 13px;
    }
  `,
];
