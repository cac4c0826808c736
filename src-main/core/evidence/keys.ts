/**
 * The installation's evidence signing key: an Ed25519 pair made on first use and kept under
 * `<dataDir>/keys/`. The private key never leaves that folder; the public key travels in every
 * export so anyone can check a signature, and its fingerprint is what a person writes down
 * elsewhere to pin "this installation".
 *
 * Fingerprint: `SHA256:` followed by the unpadded standard base64 of the SHA-256 of the raw
 * 32-byte Ed25519 public key (the form OpenSSH prints for its keys).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Folder (under the data directory) holding the key pair. */
export const KEYS_DIR = 'keys';
/** Private key file: PKCS#8 PEM. */
export const PRIVATE_KEY_FILE = 'evidence-ed25519.pem';
/** Public key file beside it: SPKI PEM. */
export const PUBLIC_KEY_FILE = 'evidence-ed25519.pub.pem';
/** Owner-only: nobody else on the workstation may read (or replace) the signing key. */
const PRIVATE_FILE_MODE = 0o600;
/** Owner-only folder, so other users cannot even list or swap the key files. */
const KEYS_DIR_MODE = 0o700;
/** Permission bits that let group or others in. */
const GROUP_OTHER_BITS = 0o077;

/** The loaded key pair with its exported forms. */
export interface EvidenceKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM of the public key, as embedded in exports. */
  publicKeyPem: string;
  fingerprint: string;
  privateKeyFile: string;
}

/** Raised when the key files cannot be used; the message names the file and what to do. */
export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/** Loads the installation's signing key, creating it on first use. */
export function loadOrCreateKey(dataDir: string): EvidenceKey {
  const dir = path.join(dataDir, KEYS_DIR);
  const privateFile = path.join(dir, PRIVATE_KEY_FILE);
  if (!fs.existsSync(privateFile)) createKeyFiles(dir, privateFile);
  return loadKey(dir, privateFile);
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
    throw new KeyFileError(
      `expected an Ed25519 public key, found ${key.asymmetricKeyType ?? 'none'}`,
    );
  }
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

function createKeyFiles(dir: string, privateFile: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: KEYS_DIR_MODE });
  if (process.platform !== 'win32') fs.chmodSync(dir, KEYS_DIR_MODE);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  // Write beside, then link into place: never a half-written key, never overwrite a key made
  // at the same moment by another process (link fails if the name exists).
  const temp = `${privateFile}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, pem, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    fs.linkSync(temp, privateFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  if (fs.readFileSync(privateFile, 'utf8') === pem) {
    fs.writeFileSync(path.join(dir, PUBLIC_KEY_FILE), publicPem, { mode: 0o644 });
  }
}

function loadKey(dir: string, privateFile: string): EvidenceKey {
  checkPrivateMode(privateFile);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: fs.readFileSync(privateFile), format: 'pem' });
  } catch (err) {
    throw new KeyFileError(
      `${privateFile}: not a readable PEM private key (${(err as Error).message}). ` +
        'Restore it from a backup, or move it away to have a new key made (earlier evidence ' +
        'then stays verifiable with its embedded key, but no longer matches this installation).',
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new KeyFileError(
      `${privateFile}: holds a ${privateKey.asymmetricKeyType} key; evidence is signed with Ed25519 only`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const publicFile = path.join(dir, PUBLIC_KEY_FILE);
  const onDisk = fs.existsSync(publicFile) ? fs.readFileSync(publicFile, 'utf8') : '';
  // The public file is only a convenience copy: rewrite it when missing or stale.
  if (onDisk !== publicKeyPem) fs.writeFileSync(publicFile, publicKeyPem, { mode: 0o644 });
  return {
    privateKey,
    publicKey,
    publicKeyPem,
    fingerprint: fingerprintOf(publicKey),
    privateKeyFile: privateFile,
  };
}

function checkPrivateMode(privateFile: string): void {
  if (process.platform === 'win32') return; // POSIX modes do not describe Windows ACLs.
  const mode = fs.statSync(privateFile).mode & 0o777;
  if ((mode & GROUP_OTHER_BITS) !== 0) {
    throw new KeyFileError(
      `${privateFile}: the evidence signing key is open to other users (mode ` +
        `${mode.toString(8).padStart(4, '0')}); refusing to use it. Anyone who could read it can ` +
        `sign evidence as this installation. Run: chmod 600 '${privateFile}' (and consider ` +
        'making a new key if others may have copied it).',
    );
  }
}
