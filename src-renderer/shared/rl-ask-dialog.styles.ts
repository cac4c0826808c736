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
    ul {
      margin: 0 18px 10px;
      padding-left: 20px;
      overflow-wrap: anywhere;
    }
    label {
      display: block;
      margin: 0 18px 4px;
      font-size: 12px;
      font-weight: 600;
    }
    textarea,
    input {
      display: block;
      box-sizing: border-box;
      width: calc(100% - 36px);
      margin: 0 18px 10px;
    }
    textarea {
      min-height: 60px;
    }
  `,
];
