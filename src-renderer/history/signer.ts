/**
 * Who signed a published run: the team signer whose key it was when the run was signed, or
 * "unknown signer" (marked, with the key's fingerprint) when the key was not one of the team's
 * signers then. The ledger publishes such a run, and every view that shows it says so.
 */
import { html } from 'lit';
import type { TeamRunSummary } from '../../src-main/core/ledger/index.js';

/** Characters of a fingerprint's hash kept on each side when it is shortened in a list. */
const FINGERPRINT_ENDS = 6;

/** `SHA256:46XDab…ymalQ`: enough to tell keys apart in a list; the whole one is on hover. */
export function shortFingerprint(fp: string): string {
  const [scheme, hash = ''] = fp.split(':');
  if (hash.length <= FINGERPRINT_ENDS * 2 + 1) return fp;
  return `${scheme}:${hash.slice(0, FINGERPRINT_ENDS)}…${hash.slice(-FINGERPRINT_ENDS)}`;
}

/** The signer as a list shows it: the name, or the "unknown signer" mark and a short fingerprint. */
export function signerLabel(run: Pick<TeamRunSummary, 'signerName' | 'signerFingerprint'>) {
  if (run.signerName) {
    return html`<span class="signer" data-role="signer" title=${run.signerFingerprint}
      >${run.signerName}</span
    >`;
  }
  return html`<span class="signer unknown" data-role="signer">
    <span
      class="badge warn"
      data-role="unknown-signer"
      title="The key that signed this run was not one of the team's signers when it signed"
      >unknown signer</span
    >
    <span class="mono fingerprint" title=${run.signerFingerprint}
      >${shortFingerprint(run.signerFingerprint)}</span
    >
  </span>`;
}
