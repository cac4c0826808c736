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
  .cell[data-status='passed'],
  .cell[data-status='done'] {
    --rl-status-edge: var(--rl-ok);
  }
  .cell[data-status='failed'],
  .cell[data-status='not-done'],
  .cell[data-status='timed-out'] {
    --rl-status-edge: var(--rl-fail);
  }
  .cell[data-status='running'] {
    --rl-status-edge: var(--rl-running);
  }
  .cell[data-status='stopped'],
  .cell[data-status='interrupted'] {
    --rl-status-edge: var(--rl-warn);
  }
  .cell[data-status='not-applicable'] {
    opacity: 0.7;
  }
`;
