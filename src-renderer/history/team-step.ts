/**
 * One step of a published run as its signed record says: what it was (its exact text, with any
 * hidden character marked and long lines wrapped, as in the notebook), how it ended, what it
 * printed (the text the operator saw), what was attested and which files it produced. Read-only:
 * a team run is evidence, not something to run again.
 */
import { css, html, nothing } from 'lit';
import type { EvidenceStep } from '../../src-main/core/evidence/record.js';
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

function outcome(step: EvidenceStep) {
  const code =
    step.exitCode !== undefined ? `exit ${step.exitCode}` : step.signal ? step.signal : '';
  const took = formatDuration(step.startedAt, step.endedAt);
  return html`<span class="facts">
    ${code ? html`<span data-role="exit">${code}</span>` : nothing}
    ${took ? html`<span>${took}</span>` : nothing}
  </span>`;
}

function attestation(step: EvidenceStep) {
  const a = step.attestation;
  if (!a) return nothing;
  return html`<div class="attested" data-role="attestation">
    <strong class=${a.done ? 'tone-ok' : 'tone-fail'}>${a.done ? 'Done' : 'Not done'}</strong>
    <span class="muted">${formatTime(a.at)}</span>
    ${a.device ? html`on <span class="mono">${a.device}</span>` : nothing}
    ${a.note ? html`— <q>${a.note}</q>` : nothing}
  </div>`;
}

function artifacts(step: EvidenceStep) {
  if (step.artifacts.length === 0) return nothing;
  return html`<ul class="artifacts" aria-label="Files step ${step.name} produced">
    ${step.artifacts.map(
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
function text(step: EvidenceStep) {
  if (isFlagged(textFlags(step.text))) return revealedCode(step.text);
  return html`<pre class="code"><code>${step.text}</code></pre>`;
}

/** The card of one recorded step. */
export function teamStep(step: EvidenceStep) {
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
      ${statusBadge(step.status, 'status')} ${outcome(step)}
    </header>
    ${hiddenNotice(step.text)} ${text(step)}
    ${step.reason ? html`<p class="reason muted">${step.reason}</p>` : nothing}
    ${
      step.output
        ? html`<pre class="output" data-role="output">${step.output}</pre>`
        : step.outputBytes > 0
          ? html`<p class="reason muted">Output recorded by its hash only.</p>`
          : nothing
    }
    ${attestation(step)} ${artifacts(step)}
  </section>`;
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
