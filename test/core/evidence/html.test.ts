import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateKey } from '../../../src-main/core/evidence/keys.js';
import { buildRecord } from '../../../src-main/core/evidence/record.js';
import { EVIDENCE_BLOCK_ID } from '../../../src-main/core/evidence/html.js';
import { renderHtml } from '../../../src-main/core/evidence/html-renderers.js';
import { signRecord } from '../../../src-main/core/evidence/sign.js';
import { verifyEvidence } from '../../../src-main/core/evidence/verify.js';
import { RUNBOOK_TITLE, makeFixture, trustOf } from './helpers.js';

const fx = makeFixture();
afterAll(() => fx.cleanup());
const key = loadOrCreateKey(path.join(fx.dir, 'data'));

function render(): { html: string; fingerprint: string } {
  const doc = signRecord(buildRecord(fx.source), key);
  return { html: renderHtml(doc), fingerprint: doc.keyFingerprint };
}

describe('renderHtml', () => {
  it('has no script other than the JSON data block and no remote resource', () => {
    const { html } = render();
    const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
    expect(scripts).toEqual([`<script type="application/json" id="${EVIDENCE_BLOCK_ID}">`]);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*script-src 'none'/,
    );
  });

  it('shows the summary, every step, attestations, artifacts, events, fingerprint and chain head', () => {
    const { html, fingerprint } = render();
    for (const piece of [
      RUNBOOK_TITLE,
      'alice',
      'ops-ws-07',
      '6.1.0-28-amd64',
      'show-link',
      'ping-gateway',
      'exit code 1',
      'mac-flush-dns',
      'for darwin only',
      'backup-taken',
      'Backup id 4711',
      'edge-rtr-01',
      'capture/eth0.pcap',
      'gate-confirmed',
      fingerprint,
      '@media print',
      '7 steps',
    ]) {
      expect(html).toContain(piece);
    }
  });

  it('escapes hostile text from steps, outputs and notes so it cannot become markup', () => {
    const run = structuredClone(fx.run);
    run.steps[0].stepName = '<img src=x onerror=alert(1)>';
    run.steps[4].attestation!.note = '</script><script>alert(2)</script>';
    const outputs = new Map(fx.outputs);
    outputs.set(11, 'evil </script><script>alert(3)</script> & <b>');
    const doc = signRecord(buildRecord({ run, outputText: (id) => outputs.get(id) ?? '' }), key);
    const html = renderHtml(doc);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html.match(/<script\b/gi)).toHaveLength(1);
    expect(html.match(/<\/script>/gi)).toHaveLength(1);
    // The embedded data still parses and verifies despite the "</script>" inside it.
    expect(verifyEvidence(html, { trust: trustOf(key) }).status).toBe('valid');
  });

  it('shows terminal control characters as visible symbols and CRLF as a line end', () => {
    const outputs = new Map(fx.outputs);
    outputs.set(11, 'bell\u0007 escape\u001b[31m\r\nnext');
    const run = structuredClone(fx.run);
    run.steps[4].attestation!.note = 'first line\r\nsecond line';
    const doc = signRecord(buildRecord({ run, outputText: (id) => outputs.get(id) ?? '' }), key);
    const html = renderHtml(doc);
    expect(html).toContain('bell␇ escape␛[31m\nnext');
    expect(html).not.toContain('\u001b');
    // Carriage returns in free text do not make the page look edited to the verifier.
    expect(verifyEvidence(html, { trust: trustOf(key) }).status).toBe('valid');
  });

  it('is the same page every time for the same document (so a verifier can re-render it)', () => {
    const doc = signRecord(buildRecord(fx.source, { exportedAt: '2025-01-02T00:00:00.000Z' }), key);
    expect(renderHtml(doc)).toBe(renderHtml(structuredClone(doc)));
  });
});
