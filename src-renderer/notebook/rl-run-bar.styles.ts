/** The run bar: one line at any width; on a narrow one the words of some buttons hide. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';

export const runBarStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
      background: var(--rl-surface);
      border-bottom: 1px solid var(--rl-border);
    }
    .bar {
      position: relative;
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 8px 24px;
      white-space: nowrap;
    }
    .title {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      font-weight: 600;
      visibility: hidden;
    }
    .title[data-shown] {
      visibility: visible;
    }
    .progress {
      display: flex;
      align-items: center;
      gap: 8px;
      font-size: 12px;
      color: var(--rl-muted);
    }
    progress {
      width: 120px;
      height: 6px;
      accent-color: var(--rl-ok);
    }
    .hint {
      font-size: 12px;
    }
    .panel {
      position: absolute;
      right: 24px;
      top: calc(100% + 2px);
      z-index: 6;
      width: min(340px, calc(100vw - 48px));
      max-height: 60vh;
      overflow: auto;
      padding: 8px 4px;
      border: 1px solid var(--rl-border);
      border-radius: var(--rl-radius);
      background: var(--rl-surface);
      box-shadow: 0 6px 20px rgba(0, 0, 0, 0.18);
      white-space: normal;
    }
    button .words {
      margin-left: 2px;
    }
    /* Narrower: the progress in figures only, then the buttons' words hidden; one line still. */
    @container (max-width: 1040px) {
      progress,
      .progress .words {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
      }
    }
    @container (max-width: 860px) {
      .bar {
        padding: 8px 12px;
        gap: 6px;
      }
      button .words {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
      }
    }
  `,
];
