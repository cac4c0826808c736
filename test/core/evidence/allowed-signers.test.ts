import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseAllowedSigners,
  signersFromKeyOptions,
  SignerListError,
} from '../../../src-main/core/evidence/allowed-signers.js';
import { loadOrCreateKey } from '../../../src-main/core/evidence/keys.js';
import { judgeSigner } from '../../../src-main/core/evidence/signer-trust.js';

const FP = 'SHA256:49vd5feirsi03affSxkM176uxN8DAEQIOSmKy2kYWS4';

describe('parseAllowedSigners', () => {
  it('reads names, quoted names, validity in ISO, date and OpenSSH forms, and skips comments', () => {
    const signers = parseAllowedSigners(
      [
        '# team signers',
        '',
        `alice@ws-07 ${FP}`,
        `"Ops Workstation 2" valid-from=2025-01-01,valid-until="2025-12-31" ${FP}`,
        `bob valid-after=20250301Z valid-before=202504011230Z ${FP}`,
      ].join('\n'),
      'team.signers',
    );
    expect(signers).toEqual([
      { fingerprint: FP, name: 'alice@ws-07', origin: 'team.signers:3' },
      {
        fingerprint: FP,
        name: 'Ops Workstation 2',
        validFrom: '2025-01-01T00:00:00.000Z',
        validUntil: '2025-12-31T23:59:59.999Z',
        origin: 'team.signers:4',
      },
      {
        fingerprint: FP,
        name: 'bob',
        validFrom: '2025-03-01T00:00:00.000Z',
        validUntil: '2025-04-01T12:30:00.000Z',
        origin: 'team.signers:5',
      },
    ]);
  });

  const bad: Array<[string, RegExp]> = [
    [`alice ${FP.slice(0, -1)}`, /f:1: the last field must be a key fingerprint/],
    [`alice until=2025-01-01 ${FP}`, /f:1: unknown option "until=2025-01-01"/],
    [`alice valid-from=yesterday ${FP}`, /f:1: "yesterday" is not a UTC time/],
    [`alice valid-from=202501011200 ${FP}`, /needs a Z: times are UTC/],
    [`alice valid-from=2026-01-01 valid-until=2025-01-01 ${FP}`, /valid-from is after valid-until/],
    [FP, /expected "NAME \[OPTIONS\] SHA256:…"/],
    ['# only a comment', /lists no signer/],
  ];
  for (const [text, why] of bad) {
    it(`refuses ${JSON.stringify(text)} naming the file, line and rule`, () => {
      expect(() => parseAllowedSigners(text, 'f')).toThrow(SignerListError);
      expect(() => parseAllowedSigners(text, 'f')).toThrow(why);
    });
  }
});

describe('signersFromKeyOptions', () => {
  it('takes fingerprints with or without the prefix, hex, and PEM files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-key-opt-'));
    try {
      const key = loadOrCreateKey(dir);
      const pem = path.join(dir, 'pub.pem');
      fs.writeFileSync(pem, key.publicKeyPem);
      const hex = Buffer.from(key.fingerprint.slice(7) + '=', 'base64').toString('hex');
      const got = signersFromKeyOptions([key.fingerprint, key.fingerprint.slice(7), hex, pem]);
      expect(new Set(got.map((s) => s.fingerprint))).toEqual(new Set([key.fingerprint]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an empty value and a malformed one with a plain message', () => {
    expect(() => signersFromKeyOptions([''])).toThrow(
      /--key is empty \(an unset shell variable\?\)/,
    );
    expect(() => signersFromKeyOptions(['SHA256:abc'])).toThrow(/neither a key fingerprint/);
    expect(() => signersFromKeyOptions(['/etc/hostname'])).toThrow(/neither a key fingerprint/);
  });
});

describe('judgeSigner', () => {
  const trust = {
    signers: [{ fingerprint: FP, name: 'old', validUntil: '2025-06-30T23:59:59.999Z' }],
    source: 'the file',
  };
  it('trusts a listed key for records signed inside its validity only', () => {
    expect(judgeSigner(FP, '2025-06-01T10:00:00.000Z', trust).trusted).toBe(true);
    const late = judgeSigner(FP, '2025-07-01T10:00:00.000Z', trust);
    expect(late.trusted).toBe(false);
    expect(late.reason).toMatch(
      /trusted only from any time until 2025-06-30T23:59:59.999Z, and this record was signed at 2025-07-01/,
    );
    expect(judgeSigner(FP, 'not a time', trust).trusted).toBe(false);
  });

  it('does not trust an unlisted key, or any key when no signer was given', () => {
    expect(judgeSigner('SHA256:other', '2025-01-01T00:00:00Z', trust).reason).toMatch(
      /is not among the file/,
    );
    expect(judgeSigner(FP, '2025-01-01T00:00:00Z', undefined).trusted).toBe(false);
  });
});
