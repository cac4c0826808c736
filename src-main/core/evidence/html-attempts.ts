/**
 * The parts of the evidence page that only records of format `runlog-evidence/2` have: every
 * attempt under its step ("Attempt 1 of 2: failed, exit 3"), the step's Runme cell id and rules
 * (optional, alternative, expected to fail, open-ended, background), why the run has its status,
 * and every runbook version the run used. Pages of format /1 never use these, so they render as they always did.
 */
import {
  RUN_MARKS,
  STEP_MARKS,
  badge,
  escapeHtml,
  escapeTerminal,
  renderArtifacts,
  renderAttestation,
  renderOutput,
  row,
  stepMeta,
  type Marks,
} from './html-parts.js';
import type { EvidenceAttempt, EvidenceRecord, EvidenceStepSummary } from './record.js';

/** Step statuses of format /2: those of /1 plus a skip with a reason. */
export const STEP_MARKS_2: Marks = { ...STEP_MARKS, skipped: { mark: '↷', tone: 'skip' } };

/** Run statuses of format /2: those of /1 plus a pass with exceptions. */
export const RUN_MARKS_2: Marks = {
  ...RUN_MARKS,
  'passed-with-exceptions': { mark: '✔!', tone: 'ok' },
};

/** Every step with its attempts, oldest first. */
export function renderStepsWithAttempts(record: EvidenceRecord): string[] {
  const bySeq = new Map(record.attempts.map((a) => [a.seq, a]));
  return record.steps.map((step) =>
    renderStepAttempts(
      step,
      step.attempts.map((seq) => bySeq.get(seq)).filter((a) => a !== undefined),
    ),
  );
}

/** The summary rows of format /2: why the run has its status, and the runbook versions. */
export function outcomeRows(record: EvidenceRecord): string[] {
  return [outcomeRow(record), versionsRow(record)];
}

// One line per item, in plain elements: list markers are drawn by the browser, so a printed PDF
// would hold text ("1.", "•") that the page's own text does not, and its text compare would fail.

/** Why the run has its status: the pending, failed, skipped and flagged steps. */
function outcomeRow(record: EvidenceRecord): string {
  const notes = record.outcome.notes.map(
    (n) =>
      `<div>${escapeHtml(n.kind)}: ${escapeHtml(n.steps.join(', '))}` +
      `${n.detail ? ` — ${escapeHtml(n.detail)}` : ''}</div>`,
  );
  return row('Exceptions', notes.length ? notes.join('') : 'None.');
}

/** The runbook versions the run used, the first being the one it started with. */
function versionsRow(record: EvidenceRecord): string {
  const items = record.versions.map(
    (v, i) =>
      `<div>${i + 1}. ${i === 0 ? 'started with' : 'accepted'} ${escapeHtml(v.acceptedAt)}` +
      `${v.trust ? ` (${escapeHtml(v.trust)})` : ''}: <span class="hash">${escapeHtml(v.sha256)}</span></div>`,
  );
  return row('Runbook versions', items.join(''));
}

/** The words of an attempt's result: "failed, exit 3", "passed, failed as expected, exit 1". */
function attemptSummary(a: EvidenceAttempt): string {
  const bits = [a.action === 'run' ? a.status : `${a.status} (${a.action})`];
  if (a.flag) bits.push(a.flag.replace(/-/g, ' '));
  if (a.exitCode !== undefined) bits.push(`exit ${a.exitCode}`);
  if (a.signal) bits.push(`signal ${a.signal}`);
  return bits.join(', ');
}

/** One attempt: its result line, text when it differs, output, answer, files, chain link. */
function renderAttempt(step: EvidenceStepSummary, a: EvidenceAttempt, of: number): string {
  return [
    `<div class="attempt" id="attempt-${a.seq}">`,
    `<div class="label">Attempt ${a.attempt} of ${of}: ${escapeHtml(attemptSummary(a))}</div>`,
    stepMeta(a),
    a.runbookSha256
      ? `<div class="meta">Runbook version <span class="hash">${escapeHtml(a.runbookSha256)}</span></div>`
      : '',
    a.text !== step.text ? `<pre><code>${escapeTerminal(a.text)}</code></pre>` : '',
    renderOutput(a),
    renderAttestation(a),
    renderArtifacts(a),
    `<div class="meta">Chain <span class="hash">${escapeHtml(a.chain)}</span></div>`,
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** One step: head, rules, its text, then every attempt oldest first. */
function renderStepAttempts(step: EvidenceStepSummary, attempts: EvidenceAttempt[]): string {
  const tone = (STEP_MARKS_2[step.status] ?? { tone: 'open' }).tone;
  const textLabel =
    step.kind === 'checklist' ? 'Question' : step.kind === 'config' ? 'Configuration' : 'Text';
  const rules = [
    step.id ? `cell id: ${step.id}` : '',
    step.rules.optional ? 'optional' : '',
    step.rules.alternative ? `alternative: ${step.rules.alternative.group}` : '',
    step.rules.expectFailure ? 'expected to fail' : '',
    step.rules.openEnded ? 'open-ended' : '',
    step.rules.background ? 'background' : '',
    step.flag ? `flag: ${step.flag}` : '',
    step.reason ? `reason: ${step.reason}` : '',
  ].filter(Boolean);
  return [
    `<section class="step tone-${tone}" id="step-${step.index}">`,
    '<div class="step-head">',
    `<span class="index">${step.index}.</span>`,
    `<h3>${escapeHtml(step.name)}</h3>`,
    `<span class="kind">${escapeHtml(step.kind)}</span>`,
    badge(STEP_MARKS_2, step.status),
    '</div>',
    rules.length
      ? `<div class="meta">${rules.map((r) => `<span>${escapeHtml(r)}</span>`).join('')}</div>`
      : '',
    `<div class="label">${textLabel}</div>`,
    `<pre><code>${escapeTerminal(step.text)}</code></pre>`,
    attempts.length ? '' : '<div class="meta">No attempt.</div>',
    ...attempts.map((a) => renderAttempt(step, a, attempts.length)),
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}
