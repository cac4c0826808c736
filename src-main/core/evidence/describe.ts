/**
 * The words `runlog verify` prints: the verdict first, then the facts that decide it (signature,
 * signer, chain, page, artifacts), then what broke, then what a reader should know. The chain's
 * records are the attempts (format /2) or the steps (format /1); the first bad one is named as
 * such. Everything taken from the file (run id, title, step names, paths, renderer, snippets of a
 * changed page) is printed with its control and invisible characters escaped: a forged file must
 * not be able to draw "VALID" over its own verdict on the verifier's terminal.
 */
import { escapeHidden } from '../runbook/hidden-text.js';
import type { VerifyResult } from './verify-checks.js';

const HEADLINES: Record<VerifyResult['status'], string> = {
  valid: 'VALID',
  invalid: 'NOT VALID',
  unusable: 'UNUSABLE: cannot be checked',
};

const KIND_NAMES = { json: 'JSON', html: 'HTML page', pdf: 'PDF', bundle: 'bundle' } as const;

/** One value from the file, safe on a terminal and on one line. */
function v(value: unknown): string {
  return escapeHidden(String(value ?? '?'));
}

function signerLine(result: VerifyResult): string {
  const fp = v(result.keyFingerprint);
  if (result.signerTrusted) {
    const origin = result.signerOrigin === '--key' ? '' : ` (${v(result.signerOrigin)})`;
    return `  signer: trusted — ${fp}, ${v(result.signerName)}${origin}`;
  }
  return `  signer: NOT TRUSTED — ${fp}`;
}

function pageLine(result: VerifyResult): string | undefined {
  const page = result.page;
  if (!page) return undefined;
  const renderer = page.renderer ? `renderer ${v(page.renderer)}` : 'no renderer named';
  return `  page: ${page.matches ? 'shows exactly the signed record' : 'DOES NOT show the signed record'} (${renderer})`;
}

function artifactLine(result: VerifyResult): string | undefined {
  if (result.artifacts.length === 0) return undefined;
  const count = (...s: string[]): number =>
    result.artifacts.filter((a) => s.includes(a.status)).length;
  const extra = count('extra');
  return (
    `  artifacts: ${count('ok')} match, ${count('mismatch')} differ, ` +
    `${count('missing', 'not-checked')} not checked${extra ? `, ${extra} not in the record` : ''}`
  );
}

/** Human-readable report of a verification, one fact per line. */
export function describeVerifyResult(result: VerifyResult): string {
  const lines: string[] = [];
  const what = result.runId
    ? ` — run ${v(result.runId)}${result.runbookTitle ? ` of "${v(result.runbookTitle)}"` : ''}`
    : '';
  const kind = result.kind ? ` (${KIND_NAMES[result.kind]})` : '';
  lines.push(`${HEADLINES[result.status]}${what}${kind}`);
  if (result.keyFingerprint !== undefined) {
    lines.push(`  signature: ${result.signatureValid ? 'valid' : 'INVALID'} (Ed25519)`);
    lines.push(signerLine(result));
    const chain = result.firstBadRecord ? `BROKEN at ${v(result.firstBadRecord)}` : 'intact';
    lines.push(`  chain: ${result.stepCount ?? 0} records, ${chain}; head ${v(result.chainHead)}`);
    for (const line of result.retried ?? []) lines.push(`  retried: ${v(line)}`);
    const page = pageLine(result);
    if (page) lines.push(page);
    const artifacts = artifactLine(result);
    if (artifacts) lines.push(artifacts);
  }
  for (const p of result.problems) lines.push(`  ✘ ${v(p)}`);
  for (const n of result.notes) lines.push(`  note: ${v(n)}`);
  return lines.join('\n') + '\n';
}
