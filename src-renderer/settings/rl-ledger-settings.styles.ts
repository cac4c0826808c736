/** The team ledger's settings: the connection string field, its help, the status and the queue. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';
import { waitingRunsStyles } from '../shared/waiting-runs.js';

/** The ledger section's own styles, after the shared ones and the waiting list's. */
export const ledgerSettingsStyles = [
  sharedStyles,
  waitingRunsStyles,
  css`
    :host {
      display: block;
    }
    h2 {
      font-size: 16px;
      margin: 0 0 4px;
    }
    h3 {
      font-size: 13px;
      margin: 14px 0 4px;
    }
    p.lead {
      color: var(--rl-muted);
      margin: 0 0 12px;
    }
    label {
      display: block;
      font-size: 12px;
      font-weight: 600;
      margin-bottom: 3px;
    }
    .row {
      display: flex;
      gap: 8px;
      align-items: center;
      flex-wrap: wrap;
    }
    .row input {
      flex: 1 1 320px;
      font-family: var(--rl-mono);
      font-size: 12.5px;
    }
    .help {
      font-size: 12px;
      color: var(--rl-muted);
      line-height: 1.45;
      margin: 6px 0 0;
    }
    code {
      font-family: var(--rl-mono);
      font-size: 11.5px;
    }
    .error {
      color: var(--rl-fail);
      margin: 6px 0 0;
      overflow-wrap: anywhere;
    }
    .status {
      margin-top: 14px;
      padding: 10px 14px;
      border: 1px solid var(--rl-border);
      border-radius: var(--rl-radius);
      background: var(--rl-surface);
    }
    .state {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 4px 10px;
      margin: 0;
    }
    .target {
      font-size: 12px;
      overflow-wrap: anywhere;
      color: var(--rl-muted);
    }
    .dot {
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--rl-muted);
      flex: none;
    }
    .dot.reachable {
      background: var(--rl-ok);
    }
    .dot.unreachable {
      background: var(--rl-fail);
    }
    .dot.checking {
      background: var(--rl-running);
    }
    .dot.off {
      background: transparent;
      border: 1px dashed var(--rl-muted);
    }
    .why {
      margin: 6px 0 0;
      font-family: var(--rl-mono);
      font-size: 12px;
      color: var(--rl-fail);
      overflow-wrap: anywhere;
    }
    .actions {
      margin-top: 10px;
    }
    [data-role='waiting-summary'] {
      margin: 0;
    }
    .result {
      margin: 0;
      font-size: 12.5px;
    }
  `,
];
