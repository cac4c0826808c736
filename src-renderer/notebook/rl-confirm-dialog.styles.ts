/** The gate dialog: the warning and the exact text that will run. */
import { css } from 'lit';
import { sharedStyles, dialogStyles } from '../shared/shared.styles.js';
import { highlightStyles } from '../shared/highlight.js';
import { revealedTextStyles } from '../shared/revealed-text.js';

export const confirmDialogStyles = [
  sharedStyles,
  dialogStyles,
  highlightStyles,
  revealedTextStyles,
  css`
    dialog {
      width: min(720px, 92vw);
    }
    .content {
      padding: 10px 18px;
    }
    .warning {
      padding: 8px 10px;
      border-left: 3px solid var(--rl-warn);
      background: var(--rl-surface-2);
      margin: 8px 0;
    }
    pre {
      margin: 0;
      max-height: 45vh;
      overflow: auto;
      padding: 10px 12px;
      background: var(--rl-code-bg);
      border: 1px solid var(--rl-border);
      border-radius: var(--rl-radius);
      font-family: var(--rl-mono);
      font-size: 12.5px;
      line-height: 1.5;
    }
  `,
];
