/** Typography for runbook prose: calm, readable, with code and tables in the house style. */
import { css } from 'lit';

export const proseStyles = css`
  .prose {
    line-height: 1.6;
    font-size: 14px;
    overflow-wrap: break-word;
  }
  .prose p,
  .prose ul,
  .prose ol,
  .prose blockquote {
    max-width: 860px;
  }
  /* The run header already shows the title. */
  .prose:first-child > h1:first-child {
    display: none;
  }
  .prose h1 {
    font-size: 22px;
    margin: 18px 0 8px;
  }
  .prose h2 {
    font-size: 17px;
    margin: 26px 0 6px;
    padding-bottom: 4px;
    border-bottom: 1px solid var(--rl-border);
  }
  .prose h3 {
    font-size: 15px;
    margin: 18px 0 4px;
  }
  .prose p,
  .prose ul,
  .prose ol {
    margin: 6px 0;
  }
  .prose code {
    font-family: var(--rl-mono);
    font-size: 12.5px;
    background: var(--rl-surface-2);
    border: 1px solid var(--rl-border);
    border-radius: 4px;
    padding: 0 4px;
  }
  .prose pre {
    background: var(--rl-code-bg);
    border: 1px solid var(--rl-border);
    border-radius: var(--rl-radius);
    padding: 10px 12px;
    overflow-x: auto;
  }
  .prose pre code {
    border: 0;
    background: none;
    padding: 0;
  }
  .prose a {
    color: var(--rl-link);
  }
  /* Tables wrap their cells rather than run off a narrow screen. */
  .prose table {
    border-collapse: collapse;
    margin: 8px 0;
    font-size: 13px;
    max-width: 100%;
  }
  .prose td,
  .prose th {
    overflow-wrap: anywhere;
  }
  .prose :is(h1, h2, h3):focus {
    outline: none;
  }
  .prose :is(h1, h2, h3):focus-visible {
    outline: 2px solid var(--rl-focus);
    outline-offset: 2px;
  }
  .prose th,
  .prose td {
    border: 1px solid var(--rl-border);
    padding: 4px 10px;
    text-align: left;
  }
  .prose th {
    background: var(--rl-surface-2);
  }
  .prose blockquote {
    margin: 8px 0;
    padding: 4px 12px;
    border-left: 3px solid var(--rl-border);
    color: var(--rl-muted);
  }
  .prose img {
    max-width: 100%;
  }
`;
