/** The terminal's frame: xterm.js's own stylesheet, the token background, a gutter for Enlarge. */
import { css, unsafeCSS } from 'lit';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';

export const terminalStyles = [
  unsafeCSS(xtermCss),
  css`
    :host {
      display: flex;
      align-items: flex-start;
      gap: 4px;
      background: var(--rl-term-bg);
      border-radius: 0 0 var(--rl-radius) var(--rl-radius);
      padding: 6px 4px 6px 8px;
    }
    .clip {
      flex: 1;
      min-width: 0;
      overflow: hidden;
    }
    /* A narrow gutter of its own, so the button never covers output. */
    button.size {
      flex: none;
      width: 24px;
      height: 24px;
      padding: 0;
      border: 1px solid transparent;
      border-radius: var(--rl-radius);
      background: transparent;
      color: var(--rl-term-fg);
      cursor: pointer;
      font-size: 14px;
      line-height: 1;
    }
    button.size:hover {
      border-color: currentColor;
    }
    button.size:focus-visible {
      outline: 2px solid var(--rl-focus);
      outline-offset: 1px;
    }
    button.size[hidden] {
      display: block;
      visibility: hidden;
    }
    /* xterm.css paints the viewport black; the element's token background shows instead. */
    .xterm .xterm-viewport {
      background-color: transparent !important;
    }
    :host(:focus-within) {
      outline: 2px solid var(--rl-focus);
      outline-offset: -2px;
    }
  `,
];
