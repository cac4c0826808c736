/**
 * The installation's key history: every public key it has signed evidence with, when each was
 * made and when it was retired. Rotation makes a new key and retires the old one without losing
 * it, so evidence signed before the rotation still verifies against "this installation" — and
 * evidence that claims to be signed with a retired key after its retirement does not.
 *
 * Public data only (fingerprints, SPKI PEM, times), in `keys/key-history.json` beside the key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fingerprintOfPem } from './key-fingerprint.js';

/** File name of the history, in the keys folder. */
export const KEY_HISTORY_FILE = 'key-history.json';
/** Format tag of the history file. */
const HISTORY_FORMAT = 'runlog-key-history/1';

/** One key the installation has used. */
export interface KeyHistoryEntry {
  fingerprint: string;
  /** SPKI PEM of the public key. */
  publicKey: string;
  /** ISO 8601 UTC; absent for a key made before the history was kept. */
  createdAt?: string;
  /** ISO 8601 UTC; absent while the key is the current one. */
  retiredAt?: string;
}

/** Raised when the history file cannot be read; names the file. */
export class KeyHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyHistoryError';
  }
}

/** The history's entries, oldest first; empty when none was kept yet. */
export function readKeyHistory(keysDir: string): KeyHistoryEntry[] {
  const file = path.join(keysDir, KEY_HISTORY_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new KeyHistoryError(`${file}: cannot be read (${(err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new KeyHistoryError(`${file}: not JSON (${(err as Error).message})`);
  }
  const keys = (parsed as { format?: unknown; keys?: unknown })?.keys;
  if ((parsed as { format?: unknown })?.format !== HISTORY_FORMAT || !Array.isArray(keys)) {
    throw new KeyHistoryError(`${file}: not a ${HISTORY_FORMAT} file`);
  }
  return keys.map((k, i) => checkEntry(k, `${file}: keys[${i}]`));
}

function checkEntry(value: unknown, where: string): KeyHistoryEntry {
  const e = value as Partial<KeyHistoryEntry> | null;
  if (typeof e?.publicKey !== 'string' || typeof e.fingerprint !== 'string') {
    throw new KeyHistoryError(`${where}: needs "fingerprint" and "publicKey"`);
  }
  if (fingerprintOfPem(e.publicKey) !== e.fingerprint) {
    throw new KeyHistoryError(`${where}: the fingerprint is not that of its public key`);
  }
  for (const field of ['createdAt', 'retiredAt'] as const) {
    const t = e[field];
    if (t !== undefined && (typeof t !== 'string' || Number.isNaN(Date.parse(t)))) {
      throw new KeyHistoryError(`${where}: ${field} is not an ISO 8601 time`);
    }
  }
  return {
    fingerprint: e.fingerprint,
    publicKey: e.publicKey,
    createdAt: e.createdAt,
    retiredAt: e.retiredAt,
  };
}

function writeKeyHistory(keysDir: string, keys: KeyHistoryEntry[]): void {
  const file = path.join(keysDir, KEY_HISTORY_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ format: HISTORY_FORMAT, keys }, null, 2) + '\n', {
    mode: 0o644,
  });
  fs.renameSync(temp, file);
}

/**
 * Makes the history agree with the key in use: the current key is listed (made `createdAt`, or
 * of unknown age when it predates the history), and every other key still listed as current is
 * retired now. Also what completes a rotation that stopped half-way.
 */
export function recordCurrentKey(
  keysDir: string,
  current: { fingerprint: string; publicKey: string; createdAt?: string },
  now: string = new Date().toISOString(),
): KeyHistoryEntry[] {
  const keys = readKeyHistory(keysDir);
  let changed = false;
  if (!keys.some((k) => k.fingerprint === current.fingerprint)) {
    keys.push({ ...current });
    changed = true;
  }
  for (const k of keys) {
    if (k.fingerprint !== current.fingerprint && k.retiredAt === undefined) {
      k.retiredAt = now;
      changed = true;
    }
  }
  if (changed) writeKeyHistory(keysDir, keys);
  return keys;
}
