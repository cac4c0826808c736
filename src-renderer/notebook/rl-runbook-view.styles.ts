/** The notebook's document: prose typography, the step cells' frame, blocks shown but not run. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';
import { cellStyles } from '../steps/cell.styles.js';
import { proseStyles } from './prose.styles.js';

export const runbookViewStyles = [
  sharedStyles,
  proseStyles,
  css`
    :host {
      display: block;
    }
    .display {
      margin: 14px 0;
    }
    .display .cell {
      border-left-width: 1px;
    }
  `,
  cellStyles,
];
