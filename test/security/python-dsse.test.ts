/**
 * An independent check of the evidence format: a Python script (dsse_check.py) verifies the DSSE
 * envelope (PAE + Ed25519, with Debian's python3-cryptography), the key id, the canonical payload
 * and the hash chain, and a bundle's artifact files with Python's own zipfile — no Runlog code.
 * A format change that breaks interoperability fails here. Runs in CI; never skipped.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../src-main/core/evidence/canonical-json.js';
import { exportRun } from '../../src-main/core/evidence/export.js';
import { loadOrCreateKey } from '../../src-main/core/evidence/keys.js';
import { statementOf, type EvidenceDocument } from '../../src-main/core/evidence/sign.js';
import { verifyFile } from '../../src-main/core/evidence/verify.js';
import { makeFixture, SECRET_VALUE, trustOf } from '../core/evidence/helpers.js';
import { forged, rebundle, resign } from './forgery.js';

const SCRIPT = path.join(import.meta.dirname, 'dsse_check.py');
const fx = makeFixture();
const dataDir = path.join(fx.dir, 'data');
const out = path.join(fx.dir, 'out');
const files = {} as Record<'json' | 'html' | 'bundle', string>;
let doc: EvidenceDocument;

beforeAll(async () => {
  fs.mkdirSync(out, { recursive: true });
  for (const format of ['json', 'html', 'bundle'] as const) {
    files[format] = path.join(out, `evidence.${format === 'bundle' ? 'zip' : format}`);
    const r = await exportRun(fx.source, {
      format,
      dataDir,
      out: files[format],
      secretParams: ['DB_PASSWORD'],
      redactValues: [SECRET_VALUE],
    });
    doc = r.document;
  }
});
afterAll(() => fx.cleanup());

function python(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync('python3', [SCRIPT, ...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('the independent Python check', () => {
  it('verifies every untouched export (JSON, HTML page, bundle) with the pinned key', () => {
    const fingerprint = loadOrCreateKey(dataDir).fingerprint;
    for (const file of Object.values(files)) {
      const r = python(file, fingerprint);
      expect(r.out).toContain('signature valid');
      expect(r.out).toContain(`key ${fingerprint}`);
      expect(r.code, r.out).toBe(0);
    }
    expect(python(files.bundle).out).toContain('artifacts/capture/eth0.pcap matches');
  });

  it('agrees with runlog verify on forgeries: both reject each one', async () => {
    const attacker = loadOrCreateKey(path.join(fx.dir, 'attacker'));
    const st = statementOf(doc);
    st.predicate.attempts[2]!.status = 'passed';
    const edited = {
      ...doc,
      envelope: { ...doc.envelope, payload: canonicalBytes(st).toString('base64') },
    };
    const swapped = resign(doc, attacker, (r) => (r.operator = 'mallory'));
    swapped.envelope.signatures[0]!.keyid = doc.keyFingerprint;
    swapped.keyFingerprint = doc.keyFingerprint;
    const cases: Array<[string, string, RegExp]> = [
      [forged(out, 'edited.json', JSON.stringify(edited)), '', /signature NOT valid/],
      [
        forged(out, 'swapped.json', JSON.stringify(swapped)),
        '',
        /keyid .* is not the key's fingerprint/,
      ],
      [
        forged(out, 'resigned.json', JSON.stringify(resign(doc, attacker, () => {}))),
        doc.keyFingerprint,
        /not by the pinned/,
      ],
      [
        rebundle(files.bundle, path.join(out, 'bad.zip'), (name, data) =>
          name.startsWith('artifacts/') ? Buffer.from('other bytes') : data,
        ),
        '',
        /artifacts\/capture\/eth0\.pcap differs from the record/,
      ],
    ];
    const trust = trustOf({ fingerprint: doc.keyFingerprint });
    for (const [file, pin, says] of cases) {
      const r = python(file, ...(pin ? [pin] : []));
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(says);
      expect((await verifyFile(file, { trust })).status).toBe('invalid');
    }
  });
});
