/**
 * One step of a published run as its signed record says: what it was (its exact text, with any
 * hidden character marked and long lines wrapped, as in the notebook), how it ended, what it
 * printed (the text the operator saw), what was attested and which files it produced — and, when
 * it was tried more than once, every earlier attempt. Read-only: a team run is evidence, not
 * something to run again.
 */
import { css, html, nothing } from 'lit';
import type {
  AnyEvidenceRecord,
  EvidenceAttempt,
  EvidenceResult,
  EvidenceStep,
} from '../../src-main/core/evidence/record.js';
import { statusBadge } from '../shared/badge.js';
import { formatDuration, formatTime } from '../shared/format.js';
import { hiddenBadge, hiddenNotice, revealedCode } from '../shared/revealed-text.js';
import { isFlagged, textFlags } from '../shared/text-flags.js';

/** What a step's kind is called on its card. */
const KIND_LABELS: Record<string, string> = {
  command: 'command',
  config: 'configuration',
  checklist: 'checklist',
  display: 'shown',
};

function outcome(step: EvidenceResult) {
  const code =
    step.exitCode !== undefined ? `exit ${step.exitCode}` : step.signal ? step.signal : '';
  const took = formatDuration(step.startedAt, step.endedAt);
  return html`<span class="facts">
    ${code ? html`<span data-role="exit">${code}</span>` : nothing}
    ${took ? html`<span>${took}</span>` : nothing}
  </span>`;
}

function attestation(step: EvidenceResult) {
  const a = step.attestation;
  if (!a) return nothing;
  return html`<div class="attested" data-role="attestation">
    <strong class=${a.done ? 'tone-ok' : 'tone-fail'}>${a.done ? 'Done' : 'Not done'}</strong>
    <span class="muted">${formatTime(a.at)}</span>
    ${a.device ? html`on <span class="mono">${a.device}</span>` : nothing}
    ${a.note ? html`— <q>${a.note}</q>` : nothing}
  </div>`;
}

function artifacts(name: string, result: EvidenceResult) {
  if (result.artifacts.length === 0) return nothing;
  return html`<ul class="artifacts" aria-label="Files step ${name} produced">
    ${result.artifacts.map(
      (a) =>
        html`<li>
          <span class="mono path">${a.path}</span>
          <span class="muted">${a.size} bytes</span>
          <span class="mono muted hash" title="SHA-256">${a.sha256}</span>
        </li>`,
    )}
  </ul>`;
}

/** The text of the step: marked when anything in it is out of sight. */
function text(step: { text: string }) {
  if (isFlagged(textFlags(step.text))) return revealedCode(step.text);
  return html`<pre class="code"><code>${step.text}</code></pre>`;
}

/** What a step card shows of it, whatever the record's format. */
interface StepCard {
  index: number;
  name: string;
  kind: string;
  text: string;
  status: string;
  reason?: string;
}

/** What one execution printed: its text, or a line saying only its hash was kept. */
function output(result: EvidenceResult) {
  if (result.output) return html`<pre class="output" data-role="output">${result.output}</pre>`;
  return result.outputBytes > 0
    ? html`<p class="reason muted">Output recorded by its hash only.</p>`
    : nothing;
}

/** The attempts before the last, folded: "Attempt 1 of 2: failed, exit 3". */
function earlierAttempts(name: string, earlier: readonly EvidenceAttempt[], total: number) {
  if (earlier.length === 0) return nothing;
  return html`${earlier.map((a) => {
    const code =
      a.exitCode !== undefined ? `, exit ${a.exitCode}` : a.signal ? `, ${a.signal}` : '';
    return html`<details class="attempt" data-role="earlier-attempt" data-attempt=${a.attempt}>
      <summary>Attempt ${a.attempt} of ${total}: ${a.status}${code}</summary>
      ${a.reason ? html`<p class="reason muted">${a.reason}</p>` : nothing} ${output(a)}
      ${attestation(a)} ${artifacts(name, a)}
    </details>`;
  })}`;
}

/** The card of one recorded step: its last result, and its earlier attempts folded. */
export function teamStep(
  step: StepCard,
  result?: EvidenceResult,
  earlier: readonly EvidenceAttempt[] = [],
) {
  return html`<section
    class="step"
    data-step=${step.name}
    data-status=${step.status}
    aria-label="Step ${step.index}, ${step.name}"
  >
    <header>
      <span class="index muted">${step.index}</span>
      <span class="name">${step.name}</span>
      <span class="badge plain">${KIND_LABELS[step.kind] ?? step.kind}</span>
      ${hiddenBadge(step.text)}
      <span class="spacer"></span>
      ${statusBadge(step.status, 'status')} ${result ? outcome(result) : nothing}
    </header>
    ${hiddenNotice(step.text)} ${text(step)}
    ${step.reason ? html`<p class="reason muted">${step.reason}</p>` : nothing}
    ${earlierAttempts(step.name, earlier, earlier.length + 1)}
    ${result ? html`${output(result)} ${attestation(result)} ${artifacts(step.name, result)}` : nothing}
  </section>`;
}

/**
 * The cards of every step of a recorded run. A record of format /1 holds each step's latest
 * result; one of format /2 holds step summaries and every attempt, in the order they happened.
 */
export function teamSteps(record: AnyEvidenceRecord) {
  if (!('attempts' in record)) return record.steps.map((s: EvidenceStep) => teamStep(s, s));
  const bySeq = new Map(record.attempts.map((a) => [a.seq, a]));
  return record.steps.map((summary) => {
    const attempts = summary.attempts
      .map((seq) => bySeq.get(seq))
      .filter((a): a is EvidenceAttempt => a !== undefined);
    return teamStep(summary, attempts.at(-1), attempts.slice(0, -1));
  });
}

/** A recorded step's card: like a notebook cell, with its output in terminal colours. */
export const teamStepStyles = css`
  section.step {
    margin: 10px 0;
    border: 1px solid var(--rl-border);
    border-radius: var(--rl-radius);
    background: var(--rl-surface);
    overflow: hidden;
  }
  section.step header {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 6px 8px;
    padding: 6px 10px;
    background: var(--rl-surface-2);
    border-bottom: 1px solid var(--rl-border);
  }
  section.step .name {
    font-family: var(--rl-mono);
    font-size: 12px;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  section.step .index {
    font-size: 11px;
    min-width: 2ch;
  }
  section.step .spacer {
    flex: 1;
  }
  section.step .facts {
    display: inline-flex;
    gap: 10px;
    font-family: var(--rl-mono);
    font-size: 12px;
    color: var(--rl-muted);
  }
  section.step pre {
    margin: 0;
    padding: 8px 12px;
    font-family: var(--rl-mono);
    font-size: 12.5px;
    line-height: 1.5;
  }
  section.step pre.code {
    background: var(--rl-code-bg);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  section.step pre.output {
    max-height: 24em;
    overflow: auto;
    background: var(--rl-term-bg);
    color: var(--rl-term-fg);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  section.step .reason,
  section.step .attested {
    margin: 0;
    padding: 6px 12px;
    font-size: 12.5px;
    border-top: 1px solid var(--rl-border);
  }
  section.step .attested q {
    white-space: pre-wrap;
  }
  section.step details.attempt {
    border-top: 1px solid var(--rl-border);
  }
  section.step details.attempt summary {
    padding: 6px 12px;
    font-size: 12.5px;
    cursor: pointer;
  }
  section.step ul.artifacts {
    list-style: none;
    margin: 0;
    padding: 6px 12px;
    border-top: 1px solid var(--rl-border);
    font-size: 12px;
  }
  section.step ul.artifacts li {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 10px;
  }
  section.step .hash,
  section.step .path {
    overflow-wrap: anywhere;
  }
`;
