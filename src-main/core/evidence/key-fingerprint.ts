/**
 * Fingerprints of Ed25519 public keys, and reading a key or fingerprint a person typed. A leaf
 * module: the key files, the key history, the allowed-signers file and the verifier all speak it.
 *
 * Fingerprint: `SHA256:` followed by the unpadded standard base64 of the SHA-256 of the raw
 * 32-byte Ed25519 public key (the form OpenSSH prints for its keys).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** The exact shape of a fingerprint: 32 bytes of SHA-256 are 43 base64 characters unpadded. */
export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]$/;

/** Raised for a key that is not an Ed25519 public key. */
export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

/** Fingerprint of an Ed25519 public key given as a KeyObject, a PEM text or base64 SPKI DER. */
export function fingerprintOf(publicKey: KeyObject | string): string {
  const raw = rawPublicKey(toPublicKey(publicKey));
  return 'SHA256:' + createHash('sha256').update(raw).digest('base64').replace(/=+$/, '');
}

/** Reads a public key from PEM text or base64 SPKI DER; throws for anything else. */
export function toPublicKey(key: KeyObject | string): KeyObject {
  if (typeof key !== 'string') return key.type === 'private' ? createPublicKey(key) : key;
  const text = key.trim();
  if (text.startsWith('-----BEGIN')) return createPublicKey({ key: text, format: 'pem' });
  return createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
}

/** The 32 raw bytes of an Ed25519 public key. */
export function rawPublicKey(key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyFormatError(
      `expected an Ed25519 public key, found ${key.asymmetricKeyType ?? 'none'}`,
    );
  }
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

/**
 * A fingerprint as typed by a person, in its one canonical form; undefined when the text is not
 * one. Accepts `SHA256:` + 43 base64 characters, the same without the prefix, and 64 hex digits.
 */
export function parseFingerprint(text: string): string | undefined {
  const t = text.trim();
  if (/^[0-9a-f]{64}$/i.test(t))
    return 'SHA256:' + Buffer.from(t, 'hex').toString('base64').replace(/=+$/, '');
  const withPrefix = t.startsWith('SHA256:') ? t : `SHA256:${t}`;
  return FINGERPRINT_PATTERN.test(withPrefix) ? withPrefix : undefined;
}

/** The fingerprint of a PEM public key text, or undefined when it is not an Ed25519 one. */
export function fingerprintOfPem(pem: string): string | undefined {
  try {
    return fingerprintOf(createPublicKey({ key: pem, format: 'pem' }));
  } catch {
    return undefined;
  }
}
