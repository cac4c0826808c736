/** The frame every step cell shares: a card with a header line of badges and actions. */
import { css } from 'lit';

export const cellStyles = css`
  :host {
    display: block;
    margin: 14px 0;
  }
  .cell {
    border: 1px solid var(--rl-border);
    border-left: 3px solid var(--rl-status-edge, var(--rl-border));
    border-radius: var(--rl-radius);
    background: var(--rl-surface);
  }
  .cell:focus-visible {
    outline: 2px solid var(--rl-focus);
    outline-offset: 2px;
  }
  header {
    display: flex;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
    padding: 7px 10px;
    border-bottom: 1px solid var(--rl-border);
    background: var(--rl-surface-2);
    border-radius: var(--rl-radius) var(--rl-radius) 0 0;
  }
  .name {
    font-family: var(--rl-mono);
    font-size: 12px;
    font-weight: 600;
  }
  .line {
    font-size: 11px;
  }
  .badges {
    display: flex;
    gap: 4px;
    flex-wrap: wrap;
  }
  .spacer {
    flex: 1;
  }
  .facts {
    font-size: 12px;
    font-family: var(--rl-mono);
    color: var(--rl-muted);
    display: flex;
    gap: 10px;
  }
  .name {
    overflow-wrap: anywhere;
  }
  pre.code {
    margin: 0;
    padding: 10px 12px;
    background: var(--rl-code-bg);
    font-family: var(--rl-mono);
    font-size: 12.5px;
    line-height: 1.5;
    overflow-x: auto;
    white-space: pre;
    tab-size: 4;
  }
  .body {
    padding: 10px 12px;
  }
  .cell[data-tone='ok'] {
    --rl-status-edge: var(--rl-ok);
  }
  .cell[data-tone='fail'] {
    --rl-status-edge: var(--rl-fail);
  }
  .cell[data-tone='running'] {
    --rl-status-edge: var(--rl-running);
  }
  .cell[data-tone='warn'] {
    --rl-status-edge: var(--rl-warn);
  }
  .cell[data-tone='off'] {
    border-left-style: dashed;
  }
  .cell[data-tone='off'] pre.code {
    background: transparent;
  }
  /* A folded script: its first line, as a reminder of what the step does. */
  .peek {
    display: flex;
    gap: 10px;
    align-items: baseline;
    padding: 6px 12px;
    font-family: var(--rl-mono);
    font-size: 12px;
    color: var(--rl-muted);
    background: var(--rl-code-bg);
    cursor: pointer;
    overflow: hidden;
    white-space: nowrap;
  }
  .peek code {
    overflow: hidden;
    text-overflow: ellipsis;
    min-width: 0;
  }
  button.fold {
    width: 22px;
    height: 22px;
    padding: 0;
    justify-content: center;
    border-color: transparent;
    background: transparent;
    font-size: 12px;
    margin-right: -4px;
  }
  button.fold:hover {
    border-color: var(--rl-border);
  }
  /* The outcome of the latest execution, right above its output. */
  .result {
    display: flex;
    align-items: center;
    gap: 10px;
    flex-wrap: wrap;
    padding: 4px 10px;
    border-top: 1px solid var(--rl-border);
    background: var(--rl-surface-2);
    font-size: 12px;
  }
  /* A step written wrongly: its errors, where its Run button would be. */
  .problems {
    padding: 6px 12px;
    border-bottom: 1px solid var(--rl-border);
    color: var(--rl-fail);
    font-size: 12px;
  }
`;
