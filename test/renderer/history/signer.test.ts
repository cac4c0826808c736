// @vitest-environment happy-dom
/** Who signed, as a list shows it, and the queue's one-line summary. */
import { describe, expect, it } from 'vitest';
import { render } from 'lit';
import { shortFingerprint, signerLabel } from '../../../src-renderer/history/signer.js';
import { waitingSummary } from '../../../src-renderer/shared/waiting-runs.js';
import type { QueueEntry } from '../../../src-main/core/ledger/index.js';

const FP = 'SHA256:K3uZB/NZJqF4ND3JxJ/6JoOWTzPEIAOJUmrh+NiO0Yk';

describe('signer label', () => {
  it('shortens a fingerprint to both ends of its hash, keeping the scheme', () => {
    expect(shortFingerprint(FP)).toBe('SHA256:K3uZB/…NiO0Yk');
    expect(shortFingerprint('SHA256:short')).toBe('SHA256:short');
  });

  it('names a team signer, and marks any other key "unknown signer" with its whole fingerprint on hover', () => {
    const el = document.createElement('div');
    render(signerLabel({ signerName: "alice's workstation", signerFingerprint: FP }), el);
    expect(el.textContent?.trim()).toBe("alice's workstation");
    expect(el.querySelector('[data-role="unknown-signer"]')).toBeNull();
    render(signerLabel({ signerFingerprint: FP }), el);
    expect(el.querySelector('[data-role="unknown-signer"]')?.textContent).toBe('unknown signer');
    expect(el.querySelector('.fingerprint')?.getAttribute('title')).toBe(FP);
  });
});

describe('waiting summary', () => {
  const entry = (runId: string, state: QueueEntry['state']): QueueEntry => ({
    runId,
    recordHash: 'h',
    queuedAt: '2026-01-01T00:00:00Z',
    state,
    attempts: 2,
    nextAttemptAt: '2026-01-01T00:05:00Z',
  });

  it('says nothing waits, one run waits, or how many wait and how many conflict', () => {
    expect(waitingSummary([])).toMatch(/^Nothing waits/);
    expect(waitingSummary([entry('a', 'waiting')])).toBe(
      '1 run of this workstation waits to be published.',
    );
    expect(waitingSummary([entry('a', 'waiting'), entry('b', 'conflict')])).toBe(
      '2 runs of this workstation wait to be published; 1 in conflict with the ledger.',
    );
  });
});
