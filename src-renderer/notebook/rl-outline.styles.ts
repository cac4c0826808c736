/** The outline: headings, and steps with a status dot, indented by level. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';

export const outlineStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      font-size: 13px;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    a {
      display: flex;
      align-items: baseline;
      gap: 7px;
      padding: 3px 8px;
      border-radius: var(--rl-radius);
      color: var(--rl-text);
      text-decoration: none;
      overflow-wrap: anywhere;
    }
    a:hover {
      background: var(--rl-surface-2);
    }
    a[aria-current='step'] {
      background: var(--rl-selected);
    }
    .heading a {
      font-weight: 600;
      margin-top: 6px;
    }
    .depth-2 a {
      padding-left: 8px;
    }
    .depth-3 a {
      padding-left: 18px;
      font-weight: 500;
    }
    .step a {
      padding-left: 22px;
      font-family: var(--rl-mono);
      font-size: 12px;
    }
    .dot {
      flex: none;
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: currentColor;
      transform: translateY(-1px);
    }
    .dot.tone-off,
    .dot.tone-muted {
      background: transparent;
      border: 1.5px solid currentColor;
    }
    .dot.tone-off {
      border-style: dashed;
    }
  `,
];
