import { createHash, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KeyFileError,
  PRIVATE_KEY_FILE,
  PUBLIC_KEY_FILE,
  fingerprintOf,
  installationSigners,
  keyHistoryOf,
  loadOrCreateKey,
  rotateKey,
} from '../../../src-main/core/evidence/keys.js';
import { KeyHistoryError } from '../../../src-main/core/evidence/key-history.js';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-keys-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const mode = (p: string): number => fs.statSync(p).mode & 0o777;

describe('evidence signing key', () => {
  it('is made on first use as an owner-only PKCS#8 file in an owner-only folder', () => {
    const key = loadOrCreateKey(dataDir);
    const file = path.join(dataDir, 'keys', PRIVATE_KEY_FILE);
    expect(key.privateKeyFile).toBe(file);
    expect(mode(path.join(dataDir, 'keys'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(key.privateKey.asymmetricKeyType).toBe('ed25519');
    const publicPem = fs.readFileSync(path.join(dataDir, 'keys', PUBLIC_KEY_FILE), 'utf8');
    expect(publicPem).toBe(key.publicKeyPem);
  });

  it('is the same key on later uses', () => {
    const first = loadOrCreateKey(dataDir);
    const second = loadOrCreateKey(dataDir);
    expect(second.fingerprint).toBe(first.fingerprint);
  });

  it('has an OpenSSH-style fingerprint of the raw 32-byte public key', () => {
    const key = loadOrCreateKey(dataDir);
    const der = key.publicKey.export({ format: 'der', type: 'spki' });
    const raw = der.subarray(der.length - 32); // Ed25519 SPKI ends with the 32 key bytes
    const expected =
      'SHA256:' + createHash('sha256').update(raw).digest('base64').replace(/=+$/, '');
    expect(key.fingerprint).toBe(expected);
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(fingerprintOf(key.publicKeyPem)).toBe(expected);
    expect(fingerprintOf(der.toString('base64'))).toBe(expected);
  });

  it('refuses a private key file readable by others, naming the file and the fix', () => {
    const key = loadOrCreateKey(dataDir);
    fs.chmodSync(key.privateKeyFile, 0o644);
    expect(() => loadOrCreateKey(dataDir)).toThrow(KeyFileError);
    expect(() => loadOrCreateKey(dataDir)).toThrow(`chmod 600 '${key.privateKeyFile}'`);
    expect(() => loadOrCreateKey(dataDir)).toThrow('mode 0644');
  });

  it('refuses a private key file open to the group', () => {
    const key = loadOrCreateKey(dataDir);
    fs.chmodSync(key.privateKeyFile, 0o640);
    expect(() => loadOrCreateKey(dataDir)).toThrow(/open to other users \(mode 0640\)/);
  });

  it('reports a damaged key file by name instead of making a new key over it', () => {
    const key = loadOrCreateKey(dataDir);
    fs.writeFileSync(key.privateKeyFile, 'not a key', { mode: 0o600 });
    expect(() => loadOrCreateKey(dataDir)).toThrow(key.privateKeyFile);
    expect(fs.readFileSync(key.privateKeyFile, 'utf8')).toBe('not a key');
  });

  it('rewrites a missing or stale public key file from the private key', () => {
    const key = loadOrCreateKey(dataDir);
    const pub = path.join(dataDir, 'keys', PUBLIC_KEY_FILE);
    fs.writeFileSync(pub, 'stale');
    loadOrCreateKey(dataDir);
    expect(fingerprintOf(createPublicKey(fs.readFileSync(pub, 'utf8')))).toBe(key.fingerprint);
  });
});

describe('key history and rotation', () => {
  it('records the first key as current, with the time it was made', () => {
    const key = loadOrCreateKey(dataDir);
    const history = keyHistoryOf(dataDir);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ fingerprint: key.fingerprint, publicKey: key.publicKeyPem });
    expect(Date.parse(history[0]!.createdAt!)).not.toBeNaN();
    expect(history[0]!.retiredAt).toBeUndefined();
  });

  it('rotation makes a new key, destroys the old private key and keeps its public key, retired', () => {
    const old = loadOrCreateKey(dataDir);
    const oldPem = fs.readFileSync(old.privateKeyFile, 'utf8');
    const rotated = rotateKey(dataDir, '2026-01-01T00:00:00.000Z');
    expect(rotated.retired).toBe(old.fingerprint);
    expect(rotated.key.fingerprint).not.toBe(old.fingerprint);
    expect(fs.readFileSync(old.privateKeyFile, 'utf8')).not.toBe(oldPem);
    expect(mode(old.privateKeyFile)).toBe(0o600);
    expect(loadOrCreateKey(dataDir).fingerprint).toBe(rotated.key.fingerprint);
    const signers = installationSigners(dataDir);
    expect(signers.map((s) => [s.fingerprint, s.validUntil])).toEqual([
      [old.fingerprint, '2026-01-01T00:00:00.000Z'],
      [rotated.key.fingerprint, undefined],
    ]);
  });

  it('completes a rotation cut short: a key missing from the history is added, the others retired', () => {
    const first = loadOrCreateKey(dataDir);
    // As if the process died after placing a new key but before writing the history.
    fs.rmSync(path.join(dataDir, 'keys', PRIVATE_KEY_FILE));
    const second = loadOrCreateKey(dataDir);
    const history = keyHistoryOf(dataDir);
    expect(history.map((h) => h.fingerprint)).toEqual([first.fingerprint, second.fingerprint]);
    expect(history[0]!.retiredAt).toBeDefined();
    expect(history[1]!.retiredAt).toBeUndefined();
  });

  it('trusts a key made before the history was kept, from its public key file', () => {
    const key = loadOrCreateKey(dataDir);
    fs.rmSync(path.join(dataDir, 'keys', 'key-history.json'));
    expect(installationSigners(dataDir)).toEqual([
      expect.objectContaining({ fingerprint: key.fingerprint, name: 'this installation' }),
    ]);
  });

  it('names a damaged history file instead of trusting or signing blindly', () => {
    loadOrCreateKey(dataDir);
    const file = path.join(dataDir, 'keys', 'key-history.json');
    const history = JSON.parse(fs.readFileSync(file, 'utf8'));
    history.keys[0].fingerprint = 'SHA256:' + 'A'.repeat(43);
    fs.writeFileSync(file, JSON.stringify(history));
    expect(() => installationSigners(dataDir)).toThrow(KeyHistoryError);
    expect(() => installationSigners(dataDir)).toThrow(
      `${file}: keys[0]: the fingerprint is not that of its public key`,
    );
  });
});
