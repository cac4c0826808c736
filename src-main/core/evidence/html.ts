/**
 * The human-readable evidence: one self-contained HTML page (inline CSS, no script, no remote
 * resource) rendered from the signed document, with the document itself embedded in a
 * non-executing JSON data block so the page alone can be verified.
 *
 * The page is a pure function of the document, so a verifier can render it again and notice a
 * page whose visible text was edited after export.
 */
import { EVIDENCE_FORMAT_V1 } from './chain.js';
import type {
  AnyEvidenceRecord,
  EvidenceAttempt,
  EvidenceRecord,
  EvidenceResult,
  EvidenceStep,
  EvidenceStepSummary,
} from './record.js';
import type { EvidenceDocument } from './sign.js';
import { statementOf } from './sign.js';
import { EVIDENCE_CSS } from './html-style.js';

/** Identifies this renderer; a verifier only compares pages made by the same one. */
export const HTML_GENERATOR = 'runlog-evidence-html/1';
/** Id of the data block that carries the signed JSON document. */
export const EVIDENCE_BLOCK_ID = 'runlog-evidence';
/** No script may run and nothing may be fetched; only the inline stylesheet applies. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'";

type Tone = 'ok' | 'bad' | 'skip' | 'open';

/**
 * The one style format /2 pages add (attempts under their step). Pages of format /1 keep exactly
 * the stylesheet they were made with, so they still render the same and verify.
 */
const ATTEMPT_CSS =
  '\n.attempt { border-top: 1px dashed #c9d1d9; margin-top: 8px; padding-top: 4px; }\n';

/** Mark, word and tone of each step status: readable without colour. */
const STEP_MARKS: Record<string, { mark: string; tone: Tone }> = {
  passed: { mark: '✔', tone: 'ok' },
  done: { mark: '✔', tone: 'ok' },
  failed: { mark: '✘', tone: 'bad' },
  'not-done': { mark: '✘', tone: 'bad' },
  'timed-out': { mark: '✘', tone: 'bad' },
  stopped: { mark: '■', tone: 'bad' },
  interrupted: { mark: '!', tone: 'bad' },
  'not-applicable': { mark: '–', tone: 'skip' },
  skipped: { mark: '↷', tone: 'skip' },
  pending: { mark: '○', tone: 'open' },
  running: { mark: '…', tone: 'open' },
};

/** Mark and tone of each run status. */
const RUN_MARKS: Record<string, { mark: string; tone: Tone }> = {
  passed: { mark: '✔', tone: 'ok' },
  'passed-with-exceptions': { mark: '✔!', tone: 'ok' },
  failed: { mark: '✘', tone: 'bad' },
  incomplete: { mark: '○', tone: 'open' },
  interrupted: { mark: '!', tone: 'bad' },
  open: { mark: '…', tone: 'open' },
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes terminal text: HTML-escaped, control characters shown as their visible symbols. */
function escapeTerminal(text: string): string {
  // Line ends as a terminal shows them: CRLF and a lone CR start a new line.
  const lines = text.replace(/\r\n?/g, '\n');
  // eslint-disable-next-line no-control-regex
  const visible = lines.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) =>
    c === '\u007f' ? '␡' : String.fromCharCode(0x2400 + c.charCodeAt(0)),
  );
  return escapeHtml(visible);
}

/** The document as JSON safe inside a script data block: no `<` can end the block. */
export function embedJson(doc: EvidenceDocument): string {
  return JSON.stringify(doc).replace(/</g, '\\u003c');
}

/** Renders the evidence page of a signed document. */
export function renderHtml(doc: EvidenceDocument): string {
  const record: AnyEvidenceRecord = statementOf(doc).predicate;
  const title = `Run evidence — ${record.runbook.title}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<meta name="generator" content="${HTML_GENERATOR}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${EVIDENCE_CSS}${(record.format as string) === EVIDENCE_FORMAT_V1 ? '' : ATTEMPT_CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="sub">Run <span class="mono">${escapeHtml(record.run.id)}</span></p>`,
    renderSummary(record),
    renderParameters(record),
    '<h2>Steps</h2>',
    ...renderSteps(record),
    renderEvents(record),
    renderSignature(doc, record),
    `<script type="application/json" id="${EVIDENCE_BLOCK_ID}">${embedJson(doc)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function badge(marks: Record<string, { mark: string; tone: Tone }>, status: string): string {
  const m = marks[status] ?? { mark: '?', tone: 'open' as Tone };
  return `<span class="badge st-${m.tone}">${m.mark} ${escapeHtml(status)}</span>`;
}

function row(label: string, valueHtml: string): string {
  return `<tr><th>${escapeHtml(label)}</th><td>${valueHtml}</td></tr>`;
}

function countSteps(record: AnyEvidenceRecord): string {
  const counts = new Map<string, number>();
  for (const s of record.steps) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const parts = [...counts.entries()].map(([status, n]) => `${n} ${status}`);
  return `${record.steps.length} steps${parts.length ? ': ' + parts.join(', ') : ''}`;
}

function renderSummary(record: AnyEvidenceRecord): string {
  const rb = record.runbook;
  const host = record.host;
  return [
    '<h2>Summary</h2>',
    '<table>',
    row('Result', `<span class="result">${badge(RUN_MARKS, record.run.status)}</span>`),
    row('Runbook', `${escapeHtml(rb.title)} <span class="mono">(${escapeHtml(rb.id)})</span>`),
    row('Runbook file', `<span class="mono">${escapeHtml(rb.path)}</span>`),
    row('Runbook SHA-256', `<span class="hash">${escapeHtml(rb.sha256)}</span>`),
    row('Operator', escapeHtml(record.operator)),
    row(
      'Host',
      `${escapeHtml(host.name)} — ${escapeHtml(host.os)} ${escapeHtml(host.release)} (${escapeHtml(host.arch)})`,
    ),
    row('Started (UTC)', escapeHtml(record.run.startedAt)),
    row('Ended (UTC)', escapeHtml(record.run.endedAt ?? '—')),
    row('Steps', escapeHtml(countSteps(record))),
    row('Runlog version', escapeHtml(record.appVersion)),
    ...(record.format === EVIDENCE_FORMAT_V1 ? [] : [outcomeRow(record), versionsRow(record)]),
    row(
      'Exported',
      `${escapeHtml(record.export.exportedAt)} by Runlog ${escapeHtml(record.export.appVersion)}`,
    ),
    '</table>',
  ].join('\n');
}

function renderParameters(record: AnyEvidenceRecord): string {
  const entries = Object.entries(record.parameters);
  if (entries.length === 0) return '<h2>Parameters</h2>\n<p>None.</p>';
  const rows = entries.map(([k, v]) => row(k, `<span class="mono">${escapeHtml(v)}</span>`));
  return ['<h2>Parameters</h2>', '<table>', ...rows, '</table>'].join('\n');
}

function stepMeta(step: EvidenceResult): string {
  const bits: string[] = [];
  if (step.exitCode !== undefined) bits.push(`exit code ${step.exitCode}`);
  if (step.signal) bits.push(`signal ${step.signal}`);
  if (step.startedAt) bits.push(`started ${step.startedAt}`);
  if (step.endedAt) bits.push(`ended ${step.endedAt}`);
  if (step.reason) bits.push(`reason: ${step.reason}`);
  if (bits.length === 0) return '';
  return `<div class="meta">${bits.map((b) => `<span>${escapeHtml(b)}</span>`).join('')}</div>`;
}

function renderOutput(step: EvidenceResult): string {
  if (step.outputBytes === 0 && step.output === '') return '';
  return [
    `<div class="label">Output (${step.outputBytes} bytes; SHA-256 of raw output ` +
      `<span class="hash">${escapeHtml(step.outputSha256 ?? '—')}</span>)</div>`,
    `<pre class="output">${escapeTerminal(step.output)}</pre>`,
  ].join('\n');
}

function renderAttestation(step: EvidenceResult): string {
  const a = step.attestation;
  if (!a) return '';
  const rows = [
    row('Attested', `${a.done ? '✔ done' : '✘ not done'} at ${escapeHtml(a.at)}`),
    a.device !== undefined ? row('Device', escapeHtml(a.device)) : '',
    a.note !== undefined ? row('Note', `<span class="note">${escapeHtml(a.note)}</span>`) : '',
  ];
  return ['<table>', ...rows.filter(Boolean), '</table>'].join('\n');
}

function renderArtifacts(step: EvidenceResult): string {
  if (step.artifacts.length === 0) return '';
  const rows = step.artifacts.map(
    (a) =>
      `<tr><td class="mono">${escapeHtml(a.path)}</td><td>${escapeHtml(a.size)}</td>` +
      `<td class="hash">${escapeHtml(a.sha256)}</td></tr>`,
  );
  return [
    '<div class="label">Artifacts</div>',
    '<table class="list"><tr><th>File</th><th>Bytes</th><th>SHA-256</th></tr>',
    ...rows,
    '</table>',
  ].join('\n');
}

function renderStep(step: EvidenceStep): string {
  const tone = (STEP_MARKS[step.status] ?? { tone: 'open' }).tone;
  const textLabel =
    step.kind === 'checklist' ? 'Question' : step.kind === 'config' ? 'Configuration' : 'Text';
  return [
    `<section class="step tone-${tone}" id="step-${step.index}">`,
    '<div class="step-head">',
    `<span class="index">${step.index}.</span>`,
    `<h3>${escapeHtml(step.name)}</h3>`,
    `<span class="kind">${escapeHtml(step.kind)}</span>`,
    badge(STEP_MARKS, step.status),
    '</div>',
    stepMeta(step),
    `<div class="label">${textLabel}</div>`,
    `<pre><code>${escapeTerminal(step.text)}</code></pre>`,
    renderOutput(step),
    renderAttestation(step),
    renderArtifacts(step),
    `<div class="meta">Chain <span class="hash">${escapeHtml(step.chain)}</span></div>`,
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The steps of either format: /1 one record each, /2 each with its attempts. */
function renderSteps(record: AnyEvidenceRecord): string[] {
  if (record.format === EVIDENCE_FORMAT_V1) return record.steps.map(renderStep);
  const bySeq = new Map(record.attempts.map((a) => [a.seq, a]));
  return record.steps.map((step) =>
    renderStepAttempts(
      step,
      step.attempts.map((seq) => bySeq.get(seq)).filter((a) => a !== undefined),
    ),
  );
}

/** Why the run has its status (format /2): the pending, failed, skipped and flagged steps. */
function outcomeRow(record: EvidenceRecord): string {
  const notes = record.outcome.notes.map(
    (n) =>
      `<li>${escapeHtml(n.kind)}: ${escapeHtml(n.steps.join(', '))}` +
      `${n.detail ? ` — ${escapeHtml(n.detail)}` : ''}</li>`,
  );
  return row('Exceptions', notes.length ? `<ul>${notes.join('')}</ul>` : 'None.');
}

/** The runbook versions the run used (format /2), the first being the one it started with. */
function versionsRow(record: EvidenceRecord): string {
  const items = record.versions.map(
    (v, i) =>
      `<li>${i === 0 ? 'started with' : 'accepted'} ${escapeHtml(v.acceptedAt)}` +
      `${v.trust ? ` (${escapeHtml(v.trust)})` : ''}: <span class="hash">${escapeHtml(v.sha256)}</span></li>`,
  );
  return row('Runbook versions', `<ol>${items.join('')}</ol>`);
}

/** The words of an attempt's result: "failed, exit 3", "passed, failed as expected, exit 1". */
function attemptSummary(a: EvidenceAttempt): string {
  const bits = [a.action === 'run' ? a.status : `${a.status} (${a.action})`];
  if (a.flag) bits.push(a.flag.replace(/-/g, ' '));
  if (a.exitCode !== undefined) bits.push(`exit ${a.exitCode}`);
  if (a.signal) bits.push(`signal ${a.signal}`);
  return bits.join(', ');
}

/** One attempt (format /2): its result line, text when it differs, output, answer, files, link. */
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

/** One step (format /2): head, rules, its text, then every attempt oldest first. */
function renderStepAttempts(step: EvidenceStepSummary, attempts: EvidenceAttempt[]): string {
  const tone = (STEP_MARKS[step.status] ?? { tone: 'open' }).tone;
  const textLabel =
    step.kind === 'checklist' ? 'Question' : step.kind === 'config' ? 'Configuration' : 'Text';
  const rules = [
    step.rules.optional ? 'optional' : '',
    step.rules.alternative ? `alternative: ${step.rules.alternative.group}` : '',
    step.rules.expectFailure ? 'expected to fail' : '',
    step.rules.openEnded ? 'open-ended' : '',
    step.flag ? `flag: ${step.flag}` : '',
    step.reason ? `reason: ${step.reason}` : '',
  ].filter(Boolean);
  return [
    `<section class="step tone-${tone}" id="step-${step.index}">`,
    '<div class="step-head">',
    `<span class="index">${step.index}.</span>`,
    `<h3>${escapeHtml(step.name)}</h3>`,
    `<span class="kind">${escapeHtml(step.kind)}</span>`,
    badge(STEP_MARKS, step.status),
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

function renderEvents(record: AnyEvidenceRecord): string {
  if (record.events.length === 0) return '<h2>Events</h2>\n<p>None.</p>';
  const rows = record.events.map(
    (e) =>
      `<tr><td class="mono">${escapeHtml(e.at)}</td><td>${escapeHtml(e.type)}</td>` +
      `<td>${escapeHtml(e.stepName ?? '')}</td><td>${escapeHtml(e.detail ?? '')}</td></tr>`,
  );
  return [
    '<h2>Events</h2>',
    '<table class="list"><tr><th>At (UTC)</th><th>Event</th><th>Step</th><th>Detail</th></tr>',
    ...rows,
    '</table>',
  ].join('\n');
}

function renderSignature(doc: EvidenceDocument, record: AnyEvidenceRecord): string {
  return [
    '<h2>Signature</h2>',
    '<table>',
    row('Signing key fingerprint', `<span class="hash">${escapeHtml(doc.keyFingerprint)}</span>`),
    row('Chain head (SHA-256)', `<span class="hash">${escapeHtml(record.chain.head)}</span>`),
    row(
      'Format',
      `${escapeHtml(record.format)}, in-toto Statement v1 in a DSSE envelope (Ed25519)`,
    ),
    '</table>',
    '<footer>This page embeds the signed record. Check it with <span class="mono">runlog verify ' +
      'FILE</span>, and compare the key fingerprint with the one recorded for this installation. ' +
      'The signed record, not this rendering, is the evidence.</footer>',
  ].join('\n');
}
