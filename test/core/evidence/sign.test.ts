import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src-main/core/evidence/canonical-json.js';
import { loadOrCreateKey } from '../../../src-main/core/evidence/keys.js';
import { buildRecord } from '../../../src-main/core/evidence/record.js';
import {
  PAYLOAD_TYPE,
  PREDICATE_TYPE,
  STATEMENT_TYPE,
  pae,
  signRecord,
} from '../../../src-main/core/evidence/sign.js';
import { makeFixture, statementOf } from './helpers.js';

const fx = makeFixture();
afterAll(() => fx.cleanup());

describe('signing', () => {
  it('encodes DSSE PAE as the specification example does', () => {
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('counts PAE lengths in bytes, not characters', () => {
    expect(pae('t', Buffer.from('é€')).toString()).toBe('DSSEv1 1 t 5 é€');
  });

  it('wraps the record in an in-toto statement whose subjects are the runbook and each artifact', () => {
    const key = loadOrCreateKey(path.join(fx.dir, 'data'));
    const doc = signRecord(buildRecord(fx.source), key);
    expect(doc.envelope.payloadType).toBe(PAYLOAD_TYPE);
    expect(doc.keyFingerprint).toBe(key.fingerprint);
    expect(doc.envelope.signatures).toEqual([{ keyid: key.fingerprint, sig: expect.any(String) }]);
    const st = statementOf(doc);
    expect(st._type).toBe(STATEMENT_TYPE);
    expect(st.predicateType).toBe(PREDICATE_TYPE);
    expect(st.subject).toEqual([
      { name: fx.run.runbookPath, digest: { sha256: fx.run.runbookSha256 } },
      { name: 'capture/eth0.pcap', digest: { sha256: fx.run.steps[1].artifacts[0].sha256 } },
    ]);
    // The payload is exactly the canonical JSON of the statement.
    expect(Buffer.from(doc.envelope.payload, 'base64').toString('utf8')).toBe(canonicalize(st));
  });

  it('produces a signature that OpenSSL accepts over the PAE bytes with the embedded key', () => {
    const key = loadOrCreateKey(path.join(fx.dir, 'data'));
    const doc = signRecord(buildRecord(fx.source), key);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-openssl-'));
    try {
      const payload = Buffer.from(doc.envelope.payload, 'base64');
      fs.writeFileSync(path.join(work, 'pae.bin'), pae(doc.envelope.payloadType, payload));
      fs.writeFileSync(
        path.join(work, 'sig.bin'),
        Buffer.from(doc.envelope.signatures[0].sig, 'base64'),
      );
      fs.writeFileSync(path.join(work, 'pub.pem'), doc.publicKey);
      const args = [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'pub.pem',
        '-rawin',
        '-in',
        'pae.bin',
        '-sigfile',
        'sig.bin',
      ];
      expect(execFileSync('openssl', args, { cwd: work, encoding: 'utf8' })).toMatch(
        /Signature Verified Successfully/,
      );
      fs.writeFileSync(
        path.join(work, 'pae.bin'),
        pae(doc.envelope.payloadType, Buffer.concat([payload, Buffer.from(' ')])),
      );
      expect(() => execFileSync('openssl', args, { cwd: work, stdio: 'pipe' })).toThrow();
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
