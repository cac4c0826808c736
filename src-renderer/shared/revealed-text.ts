/**
 * Step text drawn so that nothing in it is out of sight, as code hosts show "hidden Unicode": each
 * character a screen does not draw stands as a marked `U+202E` box in its place (the character
 * itself never reaches the page, so it cannot reorder or hide what follows), every line wraps
 * instead of running off to the right, and a line over the limit is marked at its edge. A notice
 * above says what was found and where. The cells, the gate dialog and a team run all draw step
 * text with these.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import {
  hiddenSummary,
  isFlagged,
  revealInline,
  revealLines,
  textFlags,
  type HiddenChar,
  type RevealedPart,
  type TextFlags,
} from './text-flags.js';

/** Kinds of hidden characters listed by name in a notice; the rest are counted. */
const NOTICE_KINDS_LISTED = 6;

/** One hidden character as a visible mark; its name is read out and shown on hover. */
export function hiddenMark(h: HiddenChar): TemplateResult {
  return html`<span class="hidden-char" data-kind=${h.kind} title="${h.name} (${h.codePoint})"
    >${h.codePoint}<span class="sr-only"> (${h.name})</span></span
  >`;
}

/** Parts of a line as text and marks. */
export function revealedParts(parts: readonly RevealedPart[]): Array<string | TemplateResult> {
  return parts.map((p) => (typeof p === 'string' ? p : hiddenMark(p)));
}

/** A single line (a folded step's first line) with its hidden characters marked. */
export function revealedLine(line: string): Array<string | TemplateResult> {
  return revealedParts(revealInline(line));
}

/** The whole text as a code block: numbered lines that wrap, marks in place, long lines marked. */
export function revealedCode(text: string, id?: string): TemplateResult {
  const lines = revealLines(text);
  return html`<pre
    class="code revealed"
    id=${id ?? nothing}
    data-role="revealed-code"
  ><code>${lines.map(
    (l) =>
      html`<span
        class=${l.long ? 'ln long' : 'ln'}
        data-line=${l.number}
        title=${l.long ? `Line ${l.number}: too long for one screen, wrapped here` : nothing}
        >${revealedParts(l.parts)}</span
      >`,
  )}</code></pre>`;
}

function lineList(lines: readonly number[]): string {
  return `line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}`;
}

/** The sentence about hidden characters: how many, of which kinds, on which lines. */
function hiddenSentence(flags: TextFlags, subject: string): TemplateResult | typeof nothing {
  if (flags.hidden.length === 0) return nothing;
  const groups = hiddenSummary(flags.hidden);
  const listed = groups.slice(0, NOTICE_KINDS_LISTED);
  const more = groups.length - listed.length;
  const count = flags.hidden.length;
  return html`<p>
    ${subject} holds ${count} character${count === 1 ? '' : 's'} that do${count === 1 ? 'es' : ''}
    not show on screen but ${count === 1 ? 'is' : 'are'} part of its text:
    ${listed.map(
      (g, i) =>
        html`${i > 0 ? ', ' : ''}<span class="kind"
            >${g.name}
            <span class="mono">${g.codePoint}</span>${g.count > 1 ? ` ×${g.count}` : ''}</span
          >
          (${lineList(g.lines)})`,
    )}${more > 0 ? ` and ${more} other kind${more === 1 ? '' : 's'}` : ''}.
    Each is marked in its place below; the text runs exactly as written, marks excluded.
  </p>`;
}

function longSentence(flags: TextFlags): TemplateResult | typeof nothing {
  if (flags.long.length === 0) return nothing;
  const lines = flags.long.map((l) => `${l.line} (${l.length} characters)`).join(', ');
  return html`<p>
    Too long to read on one screen: line${flags.long.length === 1 ? '' : 's'} ${lines}. Wrapped
    below and marked at the left edge, so nothing sits out of sight.
  </p>`;
}

/**
 * The warning above flagged text, or nothing when the text is plain. `subject` names it in the
 * sentence ("This step", "This configuration").
 */
export function hiddenNotice(text: string, subject = 'This step'): TemplateResult | typeof nothing {
  const flags = textFlags(text);
  if (!isFlagged(flags)) return nothing;
  const heading = flags.hidden.length > 0 ? 'Hidden characters' : 'Very long lines';
  return html`<div class="hidden-notice" role="note" data-role="hidden-notice">
    <strong>⚠ ${heading}</strong>${hiddenSentence(flags, subject)}${longSentence(flags)}
  </div>`;
}

/** The badges of a flagged step's header: what its role, hover text and words are. */
const BADGES = {
  hidden: {
    role: 'hidden-flag',
    title: 'The text holds characters that do not show on screen; they are marked below',
    words: 'hidden characters',
  },
  long: {
    role: 'long-flag',
    title: 'A line is too long for one screen; it is wrapped below',
    words: 'long line',
  },
};

/** The badge on a flagged step's header (hidden characters first), or nothing. */
export function hiddenBadge(text: string): TemplateResult | typeof nothing {
  const flags = textFlags(text);
  const badge =
    flags.hidden.length > 0 ? BADGES.hidden : flags.long.length > 0 ? BADGES.long : undefined;
  if (!badge) return nothing;
  return html`<span class="badge warn" data-role=${badge.role} title=${badge.title}
    >${badge.words}</span
  >`;
}

/** The look of marks, revealed code and the notice; adopted beside the shared styles. */
export const revealedTextStyles = css`
  .hidden-char {
    display: inline-block;
    margin: 0 1px;
    padding: 0 3px;
    border: 1px solid var(--rl-warn);
    border-radius: 3px;
    color: var(--rl-warn);
    background: var(--rl-surface);
    font-family: var(--rl-mono);
    font-size: 0.82em;
    line-height: 1.3;
    font-style: normal;
    font-weight: 600;
    white-space: nowrap;
    /* Drawn left to right whatever surrounds it. */
    unicode-bidi: isolate;
    direction: ltr;
  }
  pre.revealed {
    /* Every space keeps its width, even where a line wraps: a long gap shows as a gap. */
    white-space: break-spaces;
    overflow-wrap: anywhere;
    overflow-x: hidden;
  }
  pre.revealed .ln {
    display: block;
    min-height: 1.5em;
    padding-left: calc(4ch + 10px);
    position: relative;
    /* What runs is the logical order: show it left to right, never reordered. */
    unicode-bidi: bidi-override;
    direction: ltr;
  }
  pre.revealed .ln::before {
    content: attr(data-line);
    position: absolute;
    left: 0;
    width: 4ch;
    text-align: right;
    color: var(--rl-muted);
    user-select: none;
  }
  pre.revealed .ln.long {
    box-shadow: inset 3px 0 0 var(--rl-warn);
    background: var(--rl-surface-2);
  }
  .hidden-notice {
    margin: 0;
    padding: 8px 12px;
    border-left: 3px solid var(--rl-warn);
    background: var(--rl-surface-2);
    font-size: 12.5px;
    line-height: 1.45;
  }
  .hidden-notice strong {
    color: var(--rl-warn);
  }
  .hidden-notice p {
    margin: 4px 0 0;
  }
  .hidden-notice .kind {
    font-weight: 600;
  }
`;
