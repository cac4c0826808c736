/**
 * Artifact files against the record: each recorded file, found in a folder by its recorded
 * relative path (then by its base name), must have the recorded size and SHA-256.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The outcome of checking one artifact file. */
export interface ArtifactCheck {
  path: string;
  status: 'ok' | 'mismatch' | 'missing' | 'not-checked' | 'extra';
  detail?: string;
}

/** An artifact as recorded. */
export interface RecordedArtifact {
  path: unknown;
  size: unknown;
  sha256: unknown;
}

/** Read size for hashing artifact files: captures can be large, so never read one whole. */
const HASH_CHUNK = 1 << 20;

/** Size and SHA-256 of a file, read in chunks. */
export function hashFile(file: string): { size: number; sha: string } {
  const hash = createHash('sha256');
  const buf = Buffer.alloc(HASH_CHUNK);
  const fd = fs.openSync(file, 'r');
  let size = 0;
  try {
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) {
      hash.update(buf.subarray(0, n));
      size += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { size, sha: hash.digest('hex') };
}

/** True for a recorded path that stays inside its folder (no `..`, not absolute, not empty). */
export function isSafeRelativePath(rel: string): boolean {
  const parts = rel.split(/[\\/]+/);
  return (
    rel !== '' &&
    !path.isAbsolute(rel) &&
    !/^[A-Za-z]:/.test(rel) &&
    !parts.includes('..') &&
    !parts.includes('') &&
    !parts.includes('.')
  );
}

/** Compares size and hash with the record; the detail names both. */
export function compareArtifact(
  a: RecordedArtifact,
  actual: { size: number; sha: string },
  where: string,
): ArtifactCheck {
  const rel = String(a.path);
  if (actual.size !== a.size || actual.sha !== a.sha256) {
    return {
      path: rel,
      status: 'mismatch',
      detail: `${where} has ${actual.size} bytes and SHA-256 ${actual.sha}; the record says ${String(a.size)} bytes and ${String(a.sha256)}`,
    };
  }
  return { path: rel, status: 'ok' };
}

/** Checks one recorded artifact against the files of a folder. */
export function checkArtifactInFolder(a: RecordedArtifact, dir: string): ArtifactCheck {
  const rel = String(a.path);
  if (!isSafeRelativePath(rel)) {
    return { path: rel, status: 'not-checked', detail: 'path leaves the folder; not opened' };
  }
  const parts = rel.split(/[\\/]+/);
  const candidates = [path.join(dir, ...parts), path.join(dir, parts[parts.length - 1]!)];
  const file = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (!file) return { path: rel, status: 'missing' };
  return compareArtifact(a, hashFile(file), file);
}

/**
 * Whether each recorded artifact is the one a folder or bundle holds at its path: the last one
 * the record names there, or one with the same contents. A step run again writes its files
 * again, so an earlier attempt's file of the same name is replaced; its hash stays in the signed
 * record, but no file is expected to match it any more.
 */
export function heldAtPath(all: readonly RecordedArtifact[]): boolean[] {
  const last = new Map<string, RecordedArtifact>();
  for (const a of all) last.set(String(a.path), a);
  return all.map((a) => last.get(String(a.path))!.sha256 === a.sha256);
}

/** The check result of an artifact whose file a later attempt replaced. */
export function replacedArtifact(a: RecordedArtifact): ArtifactCheck {
  return {
    path: String(a.path),
    status: 'not-checked',
    detail: 'replaced by a later file of the same name (the step ran again)',
  };
}
