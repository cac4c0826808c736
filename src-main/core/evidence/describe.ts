/**
 * The words `runlog verify` prints: the verdict first, then what broke, then what a reader
 * should know (an unpinned key, artifact files not found). The chain's records are the attempts
 * (format /2) or the steps (format /1); the first bad one is named as such.
 */
import type { VerifyResult } from './verify.js';

const HEADLINES: Record<VerifyResult['status'], string> = {
  valid: 'VALID',
  invalid: 'NOT VALID',
  unusable: 'UNUSABLE: not a Runlog evidence file that can be checked',
};

/** Human-readable report of a verification, one fact per line. */
export function describeVerifyResult(result: VerifyResult): string {
  const lines: string[] = [];
  const what = result.runId
    ? ` — run ${result.runId}${result.runbookTitle ? ` of "${result.runbookTitle}"` : ''}`
    : '';
  lines.push(`${HEADLINES[result.status]}${what}`);
  if (result.status !== 'unusable') {
    const sig = result.signatureValid ? 'valid' : 'INVALID';
    const pin = result.keyPinned ? 'pinned' : 'not pinned';
    lines.push(`  signature: ${sig}; key ${result.keyFingerprint ?? '?'} (${pin})`);
    const chain = result.firstBadRecord ? `broken at ${result.firstBadRecord}` : 'intact';
    lines.push(
      `  chain: ${result.stepCount ?? 0} records, ${chain}; head ${result.chainHead ?? '?'}`,
    );
    for (const line of result.retried ?? []) lines.push(`  retried: ${line}`);
    if (result.artifacts.length > 0) {
      const count = (s: string): number => result.artifacts.filter((a) => a.status === s).length;
      lines.push(
        `  artifacts: ${count('ok')} match, ${count('mismatch')} differ, ` +
          `${count('missing') + count('not-checked')} not checked`,
      );
    }
  }
  for (const p of result.problems) lines.push(`  ✘ ${p}`);
  for (const n of result.notes) lines.push(`  note: ${n}`);
  return lines.join('\n') + '\n';
}
