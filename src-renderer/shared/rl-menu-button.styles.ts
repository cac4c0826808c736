/** The menu button: its popup list of actions under the button. */
import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

export const menuButtonStyles = [
  sharedStyles,
  css`
    :host {
      position: relative;
      display: inline-block;
    }
    [role='menu'] {
      position: absolute;
      right: 0;
      top: calc(100% + 4px);
      z-index: 6;
      display: flex;
      flex-direction: column;
      min-width: 210px;
      padding: 4px;
      border: 1px solid var(--rl-border);
      border-radius: var(--rl-radius);
      background: var(--rl-surface);
      box-shadow: 0 6px 20px rgba(0, 0, 0, 0.18);
    }
    :host([align='start']) [role='menu'] {
      left: 0;
      right: auto;
    }
    [role='menuitem'] {
      border: 0;
      justify-content: flex-start;
    }
    [role='menuitem']:focus {
      background: var(--rl-selected);
    }
  `,
];
