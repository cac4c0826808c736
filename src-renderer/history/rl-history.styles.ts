/** The history: filters above a table of runs that folds into fewer columns on a narrow pane. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';

export const historyStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      padding: 18px 24px;
      container-type: inline-size;
    }
    h1 {
      font-size: 19px;
      margin: 0 0 12px;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-bottom: 12px;
    }
    .filters input {
      flex: 0 1 320px;
      min-width: 180px;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      background: var(--rl-surface);
      border: 1px solid var(--rl-border);
      border-radius: var(--rl-radius);
      font-size: 13px;
    }
    th,
    td {
      text-align: left;
      padding: 7px 10px;
      border-bottom: 1px solid var(--rl-border);
      white-space: nowrap;
    }
    th {
      font-size: 11px;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--rl-muted);
      background: var(--rl-surface-2);
    }
    tbody tr:hover {
      background: var(--rl-surface-2);
    }
    td.runbook {
      white-space: normal;
    }
    td.runbook a {
      color: inherit;
      font-weight: 600;
      text-decoration: none;
    }
    td.runbook a:hover {
      text-decoration: underline;
    }
    .id {
      font-size: 11px;
    }
    .empty {
      padding: 24px;
      text-align: center;
    }
    .count {
      margin-top: 8px;
      font-size: 12px;
    }
    td.actions {
      text-align: right;
    }
    .narrow {
      display: none;
    }
    .meta {
      font-size: 12px;
      margin-top: 3px;
      flex-wrap: wrap;
      gap: 2px 12px;
    }
    .runbook .badge {
      margin-right: 6px;
    }
    /* Narrow: the run and its facts in one column, the actions in the other. */
    @container (max-width: 760px) {
      .wide {
        display: none;
      }
      .narrow {
        display: inline-flex;
      }
      .narrow.meta {
        display: flex;
      }
      td.runbook,
      .id {
        overflow-wrap: anywhere;
      }
    }
  `,
];
