/**
 * The installation's evidence signing key: an Ed25519 pair made on first use and kept under
 * `<dataDir>/keys/`. The private key never leaves that folder; the public key travels in every
 * export so anyone can check a signature, and its fingerprint (key-fingerprint.ts) is what a
 * person hands an auditor to trust "this installation". Rotation replaces the pair and keeps the
 * old public key in the key history (key-history.ts), so older evidence still verifies.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fingerprintOf, fingerprintOfPem } from './key-fingerprint.js';
import { readKeyHistory, recordCurrentKey, type KeyHistoryEntry } from './key-history.js';
import type { AllowedSigner } from './signers.js';

export { fingerprintOf, rawPublicKey, toPublicKey } from './key-fingerprint.js';

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
  let madeAt: string | undefined;
  if (!fs.existsSync(privateFile)) {
    madeAt = new Date().toISOString();
    placeNewKey(dir, privateFile, false);
  }
  const key = loadKey(dir, privateFile);
  recordCurrentKey(dir, {
    fingerprint: key.fingerprint,
    publicKey: key.publicKeyPem,
    createdAt: madeAt,
  });
  return key;
}

/** What a rotation did. */
export interface RotatedKey {
  key: EvidenceKey;
  /** Fingerprint of the key it retired, when there was one. */
  retired?: string;
  at: string;
}

/**
 * Replaces the installation's key with a new one. The old private key is overwritten (it can
 * sign nothing more); its public key stays in the history, retired now, so evidence it signed
 * before still verifies and evidence claiming a later signature does not.
 */
export function rotateKey(dataDir: string, at: string = new Date().toISOString()): RotatedKey {
  const dir = path.join(dataDir, KEYS_DIR);
  const privateFile = path.join(dir, PRIVATE_KEY_FILE);
  let retired: string | undefined;
  if (fs.existsSync(privateFile)) {
    // The old key must be in the history before it is replaced, or its evidence is orphaned.
    const old = loadKey(dir, privateFile);
    recordCurrentKey(dir, { fingerprint: old.fingerprint, publicKey: old.publicKeyPem });
    retired = old.fingerprint;
  }
  placeNewKey(dir, privateFile, true);
  const key = loadKey(dir, privateFile);
  recordCurrentKey(
    dir,
    { fingerprint: key.fingerprint, publicKey: key.publicKeyPem, createdAt: at },
    at,
  );
  return { key, retired, at };
}

/**
 * The installation's own signers, read without changing anything: every key of its history
 * (a retired one trusted for what it signed before its retirement) and the current public key.
 */
export function installationSigners(dataDir: string): AllowedSigner[] {
  const dir = path.join(dataDir, KEYS_DIR);
  const entries: KeyHistoryEntry[] = readKeyHistory(dir);
  const publicFile = path.join(dir, PUBLIC_KEY_FILE);
  if (fs.existsSync(publicFile)) {
    const pem = fs.readFileSync(publicFile, 'utf8');
    const fingerprint = fingerprintOfPem(pem);
    if (fingerprint && !entries.some((e) => e.fingerprint === fingerprint)) {
      entries.push({ fingerprint, publicKey: pem });
    }
  }
  return entries.map((e) => ({
    fingerprint: e.fingerprint,
    name: e.retiredAt ? 'this installation (retired key)' : 'this installation',
    validUntil: e.retiredAt,
    origin: `the key history in ${dir}`,
  }));
}

/** The installation's keys as `runlog key show` prints them: the history, current key last. */
export function keyHistoryOf(dataDir: string): KeyHistoryEntry[] {
  return readKeyHistory(path.join(dataDir, KEYS_DIR));
}

/**
 * Writes a new private key (and its public copy). Written beside, then moved into place, so no
 * reader ever sees half a key. Without `replace` an existing key wins (another process made one
 * at the same moment: link fails on an existing name); with it the old file is replaced.
 */
function placeNewKey(dir: string, privateFile: string, replace: boolean): void {
  fs.mkdirSync(dir, { recursive: true, mode: KEYS_DIR_MODE });
  if (process.platform !== 'win32') fs.chmodSync(dir, KEYS_DIR_MODE);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const temp = `${privateFile}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, pem, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    if (replace) fs.renameSync(temp, privateFile);
    else fs.linkSync(temp, privateFile);
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
