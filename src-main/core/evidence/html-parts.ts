/**
 * The pieces of the evidence page that every renderer shares: escaping, the status badges and
 * the blocks of one recorded result (its times, output, answer and files). A released renderer
 * renders with them again when it verifies a page, so what they write for a given input never
 * changes; a new look is a new renderer (html-renderers.ts), not an edit here.
 */
import type { EvidenceResult } from './record.js';

/** How a status reads at a glance: a colour, always backed by a mark and a word. */
export type Tone = 'ok' | 'bad' | 'skip' | 'open';

/** A status's mark and tone. */
export type Marks = Record<string, { mark: string; tone: Tone }>;

/** Mark, word and tone of each step status: readable without colour. */
export const STEP_MARKS: Marks = {
  passed: { mark: '✔', tone: 'ok' },
  done: { mark: '✔', tone: 'ok' },
  failed: { mark: '✘', tone: 'bad' },
  'not-done': { mark: '✘', tone: 'bad' },
  'timed-out': { mark: '✘', tone: 'bad' },
  stopped: { mark: '■', tone: 'bad' },
  interrupted: { mark: '!', tone: 'bad' },
  'not-applicable': { mark: '–', tone: 'skip' },
  pending: { mark: '○', tone: 'open' },
  running: { mark: '…', tone: 'open' },
};

/** Mark and tone of each run status. */
export const RUN_MARKS: Marks = {
  passed: { mark: '✔', tone: 'ok' },
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
export function escapeTerminal(text: string): string {
  // Line ends as a terminal shows them: CRLF and a lone CR start a new line.
  const lines = text.replace(/\r\n?/g, '\n');
  // eslint-disable-next-line no-control-regex
  const visible = lines.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) =>
    c === '\u007f' ? '␡' : String.fromCharCode(0x2400 + c.charCodeAt(0)),
  );
  return escapeHtml(visible);
}

/** A status as a badge: its mark and its word, in its tone. */
export function badge(marks: Marks, status: string): string {
  const m = marks[status] ?? { mark: '?', tone: 'open' as Tone };
  return `<span class="badge st-${m.tone}">${m.mark} ${escapeHtml(status)}</span>`;
}

/** One row of a two-column table: a label and its (already escaped) value. */
export function row(label: string, valueHtml: string): string {
  return `<tr><th>${escapeHtml(label)}</th><td>${valueHtml}</td></tr>`;
}

/** The exit code, signal, times and reason of a result, on one line. */
export function stepMeta(step: EvidenceResult): string {
  const bits: string[] = [];
  if (step.exitCode !== undefined) bits.push(`exit code ${step.exitCode}`);
  if (step.signal) bits.push(`signal ${step.signal}`);
  if (step.startedAt) bits.push(`started ${step.startedAt}`);
  if (step.endedAt) bits.push(`ended ${step.endedAt}`);
  if (step.reason) bits.push(`reason: ${step.reason}`);
  if (bits.length === 0) return '';
  return `<div class="meta">${bits.map((b) => `<span>${escapeHtml(b)}</span>`).join('')}</div>`;
}

/** A result's output as the operator saw it, with the hash of the raw bytes. */
export function renderOutput(step: EvidenceResult): string {
  if (step.outputBytes === 0 && step.output === '') return '';
  return [
    `<div class="label">Output (${step.outputBytes} bytes; SHA-256 of raw output ` +
      `<span class="hash">${escapeHtml(step.outputSha256 ?? '—')}</span>)</div>`,
    `<pre class="output">${escapeTerminal(step.output)}</pre>`,
  ].join('\n');
}

/** A checklist or configuration answer: done or not, device, note. */
export function renderAttestation(step: EvidenceResult): string {
  const a = step.attestation;
  if (!a) return '';
  const rows = [
    row('Attested', `${a.done ? '✔ done' : '✘ not done'} at ${escapeHtml(a.at)}`),
    a.device !== undefined ? row('Device', escapeHtml(a.device)) : '',
    a.note !== undefined ? row('Note', `<span class="note">${escapeHtml(a.note)}</span>`) : '',
  ];
  return ['<table>', ...rows.filter(Boolean), '</table>'].join('\n');
}

/** The files a result kept, with size and SHA-256. */
export function renderArtifacts(step: EvidenceResult): string {
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
