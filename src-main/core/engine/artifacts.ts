/**
 * Files a step declared as its products, found in the run folder and hashed for the evidence.
 * Globs are confined to the run folder: no absolute patterns, no `..`, no symlinks followed out.
 */
import { createHash } from 'node:crypto';
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { glob } from 'tinyglobby';
import type { Artifact } from '../run-model.js';

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** True when a glob stays inside the folder it is resolved in. */
export function isSafeGlob(pattern: string): boolean {
  const p = pattern.trim();
  if (p === '' || isAbsolute(p) || /^[A-Za-z]:/.test(p) || p.startsWith('~')) return false;
  return !p.split(/[\\/]+/).includes('..');
}

/** Resolves the step's artifact globs in the run folder; sorted, each with size and SHA-256. */
export async function collectArtifacts(runFolder: string, patterns: string[]): Promise<Artifact[]> {
  const safe = patterns.map((p) => p.trim()).filter(isSafeGlob);
  if (safe.length === 0) return [];
  const root = realpathSync(runFolder);
  const files = await glob(safe, {
    cwd: root,
    onlyFiles: true,
    followSymbolicLinks: false,
    dot: true,
    absolute: true,
  });
  const out: Artifact[] = [];
  for (const file of [...new Set(files)].sort()) {
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      continue; // vanished between listing and hashing
    }
    const rel = relative(root, real);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
    const stat = statSync(real);
    if (!stat.isFile()) continue;
    out.push({ path: rel.split(sep).join('/'), size: stat.size, sha256: await hashFile(real) });
  }
  return out;
}
