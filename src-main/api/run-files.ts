/**
 * A run's files, as the service hands them out: the artifacts its attempts recorded (listed with
 * size and SHA-256, read in pieces for a download), and the run folder removed with the run.
 * Only recorded artifacts inside the run folder are ever read; a path that leaves the folder,
 * directly or through a symbolic link, is refused.
 */
import { closeSync, existsSync, openSync, readSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { RunDetail } from '../core/run-model.js';
import { ApiError, type Responses, type RunArtifact } from './contract.js';

/** Piece returned when the caller names no length: a megabyte, like history:output. */
const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** Read size while hashing a file. */
const HASH_CHUNK_BYTES = 1 << 20;

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function hashFile(file: string): { size: number; sha256: string } {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(HASH_CHUNK_BYTES);
  const fd = openSync(file, 'r');
  let size = 0;
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, n));
      size += n;
    }
  } finally {
    closeSync(fd);
  }
  return { size, sha256: hash.digest('hex') };
}

/** The file of a recorded artifact, if it is still a regular file inside the run folder. */
function artifactFile(run: RunDetail, path: string): string | undefined {
  if (!existsSync(run.folder)) return undefined;
  const root = realpathSync(run.folder);
  const file = resolve(root, path);
  if (!inside(root, file) || !existsSync(file)) return undefined;
  const real = realpathSync(file);
  return inside(root, real) && statSync(real).isFile() ? real : undefined;
}

/** Every artifact the run's attempts recorded (each path and hash once), oldest first. */
export function listArtifacts(run: RunDetail): Responses['history:artifacts'] {
  const seen = new Set<string>();
  const artifacts: RunArtifact[] = [];
  const attempts = run.steps.flatMap((s) => s.attempts).sort((a, b) => a.id - b.id);
  for (const attempt of attempts) {
    for (const a of attempt.artifacts) {
      const key = `${a.path}\0${a.sha256}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const file = artifactFile(run, a.path);
      const now = file ? hashFile(file) : undefined;
      artifacts.push({
        path: a.path,
        size: a.size,
        sha256: a.sha256,
        step: attempt.stepName,
        attempt: attempt.attempt,
        present: now?.size === a.size && now.sha256 === a.sha256,
      });
    }
  }
  return { folder: run.folder, artifacts };
}

/** A piece of one recorded artifact's file. */
export function readArtifact(
  run: RunDetail,
  path: string,
  offset = 0,
  length = DEFAULT_CHUNK_BYTES,
): Responses['history:artifact'] {
  const recorded = run.steps
    .flatMap((s) => s.attempts)
    .flatMap((a) => a.artifacts)
    .filter((a) => a.path === path)
    .pop();
  if (!recorded) throw new ApiError('not-found', `Run ${run.id} recorded no artifact "${path}".`);
  const file = artifactFile(run, path);
  if (!file) {
    throw new ApiError(
      'not-found',
      `${join(run.folder, path)} is no longer in the run folder (or leaves it); nothing to download.`,
    );
  }
  const total = statSync(file).size;
  const start = Math.min(offset, total);
  const buffer = Buffer.alloc(Math.max(0, Math.min(length, total - start)));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  return {
    path,
    content: buffer.toString('base64'),
    offset: start,
    length: buffer.length,
    total,
    sha256: recorded.sha256,
  };
}

/**
 * Removes a deleted run's folder and its engine state. Only a folder inside the data folder's
 * `runs/` is removed: a history edited to name another folder never deletes it.
 */
export function removeRunFolder(
  dataDir: string,
  run: Pick<RunDetail, 'id' | 'folder'>,
): { folderDeleted: boolean; message: string } {
  rmSync(join(dataDir, 'engine-state', run.id), { recursive: true, force: true });
  const runs = resolve(dataDir, 'runs') + sep;
  const folder = resolve(run.folder);
  if (!folder.startsWith(runs)) {
    return {
      folderDeleted: false,
      message: `The run's folder ${run.folder} is outside ${runs}; it was left as it is. Delete it yourself if it should go.`,
    };
  }
  if (!existsSync(folder)) {
    return { folderDeleted: false, message: `The run's folder ${folder} was already gone.` };
  }
  rmSync(folder, { recursive: true, force: true });
  return {
    folderDeleted: true,
    message: `The run's folder ${folder} was deleted with everything in it (its artifacts, and any key a step wrote there). Exported evidence files are not touched.`,
  };
}
