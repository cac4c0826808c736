/**
 * The verdict of `team:verify` as an auditor reads it: valid and trusted, not valid, or not
 * checkable; who signed (the team signer at the time of signing, or the unknown key); every
 * problem found, each on its own line; and the notes that do not change the verdict.
 */
import { css, html, nothing } from 'lit';
import type { SignedVerifyResult } from '../../src-main/core/ledger/index.js';
import { formatTime } from '../shared/format.js';

/** The first words of the verdict, one per status, so it is read before anything else. */
const HEADLINES: Record<SignedVerifyResult['status'], string> = {
  valid: '✔ Valid: signed by a team signer, intact',
  invalid: '✘ Not valid',
  unusable: '✘ Cannot be checked',
};

function signerSentence(r: SignedVerifyResult) {
  const when = r.signedAt ? html` on ${formatTime(r.signedAt)}` : nothing;
  if (r.signer) {
    return html`<p data-role="verdict-signer">
      Signed${when} by <strong>${r.signer.name}</strong>, a team signer then; key
      <span class="mono fp">${r.keyFingerprint}</span>.
    </p>`;
  }
  if (!r.keyFingerprint) return nothing;
  return html`<p data-role="verdict-signer">
      Signed${when} with key <span class="mono fp">${r.keyFingerprint}</span>, which was
      <strong>not a team signer</strong> then (unknown signer).
    </p>
    <p class="muted">
      If the key belongs to a workstation of the team, a steward adds it, with the date from which
      it signs:
      <code class="fp">runlog ledger signer add ${r.keyFingerprint} "NAME" --from DATE</code>
    </p>`;
}

function checked(r: SignedVerifyResult) {
  const parts = [
    r.signatureValid === undefined
      ? ''
      : `signature ${r.signatureValid ? 'valid' : 'does not match'}`,
    r.stepCount === undefined ? '' : `${r.stepCount} step records`,
    r.firstBadRecord ? `first record that does not match: ${r.firstBadRecord}` : '',
  ].filter(Boolean);
  return parts.length ? html`<p class="muted">${parts.join(' · ')}</p>` : nothing;
}

/** The verdict panel; the heading takes the focus when it appears, so it is read out. */
export function verdictPanel(r: SignedVerifyResult) {
  return html`<section
    class="verdict ${r.status}"
    data-role="verdict"
    data-status=${r.status}
    aria-labelledby="verdict-title"
  >
    <h2 id="verdict-title" tabindex="-1">${HEADLINES[r.status]}</h2>
    ${signerSentence(r)}
    ${
      r.problems.length
        ? html`<ul class="problems" aria-label="Problems found">
            ${r.problems.map((p) => html`<li>${p}</li>`)}
          </ul>`
        : nothing
    }
    ${checked(r)}
    ${
      r.notes.length
        ? html`<ul class="notes muted" aria-label="Notes">
            ${r.notes.map((n) => html`<li>${n}</li>`)}
          </ul>`
        : nothing
    }
  </section>`;
}

/** The verdict's panel, edged green when valid and red otherwise. */
export const verdictStyles = css`
  .verdict {
    margin: 12px 0;
    padding: 10px 14px;
    border: 1px solid var(--rl-border);
    border-left: 4px solid var(--rl-fail);
    border-radius: var(--rl-radius);
    background: var(--rl-surface);
  }
  .verdict.valid {
    border-left-color: var(--rl-ok);
  }
  .verdict h2 {
    margin: 0 0 4px;
    font-size: 15px;
    color: var(--rl-fail);
  }
  .verdict.valid h2 {
    color: var(--rl-ok);
  }
  .verdict h2:focus {
    outline: none;
  }
  .verdict h2:focus-visible {
    outline: 2px solid var(--rl-focus);
  }
  .verdict p {
    margin: 4px 0;
  }
  .verdict .fp {
    font-size: 12px;
    overflow-wrap: anywhere;
  }
  .verdict ul {
    margin: 6px 0;
    padding-left: 20px;
  }
  .verdict ul.problems li {
    color: var(--rl-fail);
    overflow-wrap: anywhere;
  }
  .verdict ul.notes li {
    overflow-wrap: anywhere;
  }
`;
