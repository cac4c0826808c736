/** The question dialog: the shared dialog frame, a readable message. */
import { css } from 'lit';
import { sharedStyles, dialogStyles } from './shared.styles.js';

export const askDialogStyles = [
  sharedStyles,
  dialogStyles,
  css`
    dialog {
      width: min(520px, 92vw);
    }
    p {
      margin: 10px 18px;
      white-space: pre-line;
    }
  `,
];
