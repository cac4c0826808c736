/**
 * Syntax highlighting for step text: highlight.js core with only the languages a runbook can run,
 * so the bundle stays small. The highlighter escapes its input; its output is sanitized anyway.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import dos from 'highlight.js/lib/languages/dos';
import perl from 'highlight.js/lib/languages/perl';
import powershell from 'highlight.js/lib/languages/powershell';
import python from 'highlight.js/lib/languages/python';
import { css } from 'lit';
import { sanitizeHighlight } from './markdown.js';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('dos', dos);
hljs.registerLanguage('perl', perl);
hljs.registerLanguage('powershell', powershell);
hljs.registerLanguage('python', python);

/** Fence languages of runbooks and the highlighter language that reads them. */
const LANGUAGE_OF: Record<string, string> = {
  sh: 'bash',
  bash: 'bash',
  zsh: 'bash',
  shell: 'bash',
  powershell: 'powershell',
  pwsh: 'powershell',
  ps1: 'powershell',
  cmd: 'dos',
  bat: 'dos',
  perl: 'perl',
  python: 'python',
};

/** Highlighted, sanitized HTML for a step's text; undefined when the language is not known. */
export function highlightStep(text: string, language: string): string | undefined {
  const lang = LANGUAGE_OF[language.toLowerCase()];
  if (!lang) return undefined;
  return sanitizeHighlight(hljs.highlight(text, { language: lang, ignoreIllegals: true }).value);
}

/** Token colours, from the design tokens so both themes read well. */
export const highlightStyles = css`
  .hljs-comment,
  .hljs-quote {
    color: var(--rl-muted);
    font-style: italic;
  }
  .hljs-keyword,
  .hljs-selector-tag,
  .hljs-literal {
    color: var(--rl-hl-keyword);
  }
  .hljs-string,
  .hljs-regexp {
    color: var(--rl-hl-string);
  }
  .hljs-variable,
  .hljs-template-variable,
  .hljs-subst,
  .hljs-attr {
    color: var(--rl-hl-variable);
  }
  .hljs-built_in,
  .hljs-title,
  .hljs-name {
    color: var(--rl-hl-builtin);
  }
  .hljs-number,
  .hljs-meta {
    color: var(--rl-hl-number);
  }
`;
