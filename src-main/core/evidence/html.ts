/**
 * The human-readable evidence: one self-contained HTML page (inline CSS, no script, no remote
 * resource) built from the signed document, with the document itself embedded in a
 * non-executing JSON data block so the page alone can be verified.
 *
 * The page is a pure function of the document and of a page style (the generator name, the
 * stylesheet, what the summary shows). Each released renderer (html-renderers.ts) is one fixed
 * style; a verifier renders the page again with the renderer the page names and compares the
 * whole document. Changing what this file writes for an existing style would make evidence
 * already handed out fail to verify: the released pages in test/fixtures/evidence and
 * test/fixtures/evidence-v1 guard that.
 *
 * A record of format /1 shows one result per step; a record of format /2 shows every attempt
 * under its step (html-attempts.ts). Each renderer reads one of the two, so the format decides
 * the markup and pages of format /1 are written exactly as they were released.
 */
import { EVIDENCE_FORMAT_V1 } from './chain.js';
import { RUN_MARKS_2, outcomeRows, renderStepsWithAttempts } from './html-attempts.js';
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
} from './html-parts.js';
import type { AnyEvidenceRecord, EvidenceStep } from './record.js';
import type { EvidenceDocument } from './sign.js';
import { statementOf } from './sign.js';

/** What distinguishes one released renderer from another. */
export interface PageStyle {
  /** Written in `<meta name="generator">`: names the renderer that made the page. */
  generator: string;
  /** The inline stylesheet. */
  css: string;
  /** Whether the summary table names the signing key (it does from renderer 2 on). */
  signerInSummary: boolean;
}

/** Id of the data block that carries the signed JSON document. */
export const EVIDENCE_BLOCK_ID = 'runlog-evidence';
/** No script may run and nothing may be fetched; only the inline stylesheet applies. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'";

/** The document as JSON safe inside a script data block: no `<` can end the block. */
export function embedJson(doc: EvidenceDocument): string {
  return JSON.stringify(doc).replace(/</g, '\\u003c');
}

/** Builds the evidence page of a signed document in one renderer's style. */
export function renderPage(doc: EvidenceDocument, style: PageStyle): string {
  // The statement is typed as the current format; a page may be of any format a renderer reads.
  const record = statementOf(doc).predicate as AnyEvidenceRecord;
  const title = `Run evidence — ${record.runbook.title}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<meta name="generator" content="${escapeHtml(style.generator)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style.css}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="sub">Run <span class="mono">${escapeHtml(record.run.id)}</span></p>`,
    renderSummary(record, style.signerInSummary ? doc.keyFingerprint : undefined),
    renderParameters(record),
    '<h2>Steps</h2>',
    ...(record.format === EVIDENCE_FORMAT_V1
      ? record.steps.map(renderStep)
      : renderStepsWithAttempts(record)),
    renderEvents(record),
    renderSignature(doc, record),
    `<script type="application/json" id="${EVIDENCE_BLOCK_ID}">${embedJson(doc)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function countSteps(record: AnyEvidenceRecord): string {
  const counts = new Map<string, number>();
  for (const s of record.steps) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const parts = [...counts.entries()].map(([status, n]) => `${n} ${status}`);
  return `${record.steps.length} steps${parts.length ? ': ' + parts.join(', ') : ''}`;
}

function renderSummary(record: AnyEvidenceRecord, signer: string | undefined): string {
  const rb = record.runbook;
  const host = record.host;
  const v1 = record.format === EVIDENCE_FORMAT_V1;
  return [
    '<h2>Summary</h2>',
    '<table>',
    row(
      'Result',
      `<span class="result">${badge(v1 ? RUN_MARKS : RUN_MARKS_2, record.run.status)}</span>`,
    ),
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
    ...(record.format === EVIDENCE_FORMAT_V1 ? [] : outcomeRows(record)),
    row(
      'Exported',
      `${escapeHtml(record.export.exportedAt)} by Runlog ${escapeHtml(record.export.appVersion)}`,
    ),
    ...(signer === undefined
      ? []
      : [row('Signed by key', `<span class="hash">${escapeHtml(signer)}</span>`)]),
    '</table>',
  ].join('\n');
}

function renderParameters(record: AnyEvidenceRecord): string {
  const entries = Object.entries(record.parameters);
  if (entries.length === 0) return '<h2>Parameters</h2>\n<p>None.</p>';
  const rows = entries.map(([k, v]) => row(k, `<span class="mono">${escapeHtml(v)}</span>`));
  return ['<h2>Parameters</h2>', '<table>', ...rows, '</table>'].join('\n');
}

/** One step of format /1: its latest result. */
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
