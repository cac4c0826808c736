/** A team run: its facts as a grid of terms, the actions, the verdict, parameters, steps, files. */
import { css } from 'lit';
import { revealedTextStyles } from '../shared/revealed-text.js';
import { sharedStyles } from '../shared/shared.styles.js';
import { teamHistoryStyles } from './rl-team-history.styles.js';
import { teamStepStyles } from './team-step.js';
import { verdictStyles } from './verdict.js';

/** Everything a team run draws, the shared pieces first. */
export const teamRunStyles = [
  sharedStyles,
  revealedTextStyles,
  teamHistoryStyles,
  teamStepStyles,
  verdictStyles,
  css`
    :host {
      display: block;
      padding: 14px 24px 32px;
      max-width: 1100px;
    }
    .back {
      margin: 0 0 6px;
      font-size: 13px;
    }
    a {
      color: var(--rl-link);
    }
    h1 {
      font-size: 19px;
      margin: 0;
      overflow-wrap: anywhere;
    }
    h2 {
      font-size: 15px;
      margin: 20px 0 6px;
    }
    .note {
      margin: 2px 0 10px;
      font-size: 12px;
      color: var(--rl-muted);
    }
    dl.facts {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(240px, 1fr));
      gap: 8px 18px;
      margin: 0;
      padding: 10px 14px;
      border: 1px solid var(--rl-border);
      border-radius: var(--rl-radius);
      background: var(--rl-surface);
    }
    dl.facts .fact {
      min-width: 0;
    }
    dt {
      font-size: 11px;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--rl-muted);
    }
    dd {
      margin: 2px 0 0;
      font-size: 13px;
      overflow-wrap: anywhere;
    }
    .wrap {
      overflow-wrap: anywhere;
      font-size: 12px;
    }
    .actions {
      display: flex;
      gap: 8px;
      align-items: center;
      margin: 12px 0;
    }
    dl.params {
      margin: 0;
      border: 1px solid var(--rl-border);
      border-radius: var(--rl-radius);
      background: var(--rl-surface);
    }
    dl.params div {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 12px;
      padding: 5px 12px;
      border-bottom: 1px solid var(--rl-border);
    }
    dl.params div:last-child {
      border-bottom: none;
    }
    dl.params dt {
      text-transform: none;
      letter-spacing: 0;
      font-size: 12.5px;
      color: var(--rl-text);
      min-width: 12ch;
    }
    dl.params dd {
      margin: 0;
      font-size: 12.5px;
    }
    ul.files {
      list-style: none;
      margin: 0;
      padding: 6px 12px;
      border: 1px solid var(--rl-border);
      border-radius: var(--rl-radius);
      background: var(--rl-surface);
      font-size: 12.5px;
    }
    ul.files li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
      padding: 3px 0;
    }
    .path {
      overflow-wrap: anywhere;
    }
  `,
];
