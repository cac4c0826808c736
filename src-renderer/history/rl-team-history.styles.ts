/**
 * The team history beside the local one's table styles: the filter form, the pager, the signer
 * column with its "unknown signer" mark, and the panels that stand in for the list when there is
 * no ledger or it cannot be reached.
 */
import { css } from 'lit';

/** Adopted after the local history's styles, whose table it shares. */
export const teamHistoryStyles = css`
  rl-team-filters {
    margin-bottom: 12px;
  }
  .signer.unknown {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 2px 6px;
  }
  .fingerprint {
    font-size: 11px;
    color: var(--rl-muted);
  }
  /* Names and hosts come from other workstations: they wrap rather than widen the table. */
  td.who,
  td.signer-cell,
  td.published {
    white-space: normal;
    overflow-wrap: anywhere;
    min-width: 9ch;
  }
  td.published {
    font-size: 12px;
  }
  tr[data-signer='unknown'] {
    box-shadow: inset 3px 0 0 var(--rl-warn);
  }
  .pager {
    display: flex;
    align-items: center;
    gap: 12px;
    margin-top: 10px;
    flex-wrap: wrap;
  }
  .pager span {
    font-size: 12px;
  }
  .panel {
    max-width: 760px;
    padding: 14px 18px;
    border: 1px solid var(--rl-border);
    border-radius: var(--rl-radius);
    background: var(--rl-surface);
  }
  .panel.problem {
    border-left: 3px solid var(--rl-fail);
  }
  .panel h2 {
    font-size: 15px;
    margin: 0 0 6px;
  }
  .panel p {
    margin: 6px 0;
  }
  .panel pre {
    margin: 8px 0;
    padding: 8px 10px;
    background: var(--rl-code-bg);
    border-radius: var(--rl-radius);
    font-size: 12px;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .panel a {
    color: var(--rl-link);
  }
  .panel .why {
    font-family: var(--rl-mono);
    font-size: 12.5px;
    color: var(--rl-fail);
    overflow-wrap: anywhere;
  }
  .panel .actions {
    display: flex;
    align-items: center;
    gap: 14px;
    margin-top: 12px;
  }
  .error {
    color: var(--rl-fail);
    overflow-wrap: anywhere;
  }
  .loading {
    padding: 12px 0;
  }
`;
