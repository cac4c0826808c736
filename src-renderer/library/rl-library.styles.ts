/** The library list: search, then one card per runbook with its badges and problems. */
import { css } from 'lit';
import { sharedStyles } from '../shared/shared.styles.js';

export const libraryStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
    }
    .search {
      padding: 10px 12px;
      border-bottom: 1px solid var(--rl-border);
    }
    .search input {
      width: 100%;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 6px;
      overflow: auto;
      flex: 1;
    }
    li + li {
      margin-top: 2px;
    }
    a.item {
      display: block;
      padding: 8px 10px;
      border-radius: var(--rl-radius);
      color: inherit;
      text-decoration: none;
      border: 1px solid transparent;
    }
    a.item:hover {
      background: var(--rl-surface-2);
    }
    a.item[aria-current='page'] {
      background: var(--rl-selected);
      border-color: var(--rl-border);
    }
    .title {
      font-weight: 600;
      line-height: 1.3;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-top: 5px;
    }
    .file {
      font-size: 11px;
      margin-top: 2px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .badge {
      height: 18px;
      font-size: 10px;
    }
    .trust-line {
      margin-top: 4px;
      font-size: 11px;
    }
    .tag {
      border-style: dashed;
    }
    details.problems {
      margin-top: 5px;
      font-size: 12px;
    }
    details.problems summary {
      cursor: pointer;
    }
    details.problems li {
      font-family: var(--rl-mono);
      font-size: 11px;
      overflow-wrap: anywhere;
    }
    details.problems ul {
      padding: 4px 0 0 0;
    }
    .empty {
      padding: 16px 12px;
    }
  `,
];
