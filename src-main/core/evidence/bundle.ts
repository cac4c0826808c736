/**
 * The evidence bundle: one file to hand an auditor, holding the signed record, its readable page
 * and every artifact file the run recorded, so `runlog verify` can check all of it as a whole —
 * the signature, the signer, the chain, the page, and each artifact's size and SHA-256 from
 * inside the bundle, with any file added, missing or changed named.
 *
 * Layout (a ZIP, see zip-store.ts): `evidence.json` (the JSON export), `evidence.html` (the
 * page), `artifacts/<path as recorded>`.
 */
import path from 'node:path';
import { hashFile, heldAtPath, isSafeRelativePath } from './artifact-check.js';
import type { EvidenceRecord } from './record.js';
import { EvidenceError } from './record.js';
import { writeZip, type ZipInput } from './zip-store.js';

/** The signed record in a bundle. */
export const BUNDLE_JSON = 'evidence.json';
/** The readable page in a bundle. */
export const BUNDLE_HTML = 'evidence.html';
/** Folder of the artifact files in a bundle. */
export const BUNDLE_ARTIFACTS = 'artifacts/';

/** The bundle entry name of a recorded artifact path. */
export function artifactEntryName(recordedPath: string): string {
  return BUNDLE_ARTIFACTS + recordedPath.split(/[\\/]+/).join('/');
}

/**
 * The artifact files of a record, found in the run folder and checked against the record. A file
 * that is gone or changed since it was recorded cannot go into a bundle (it would never verify);
 * the message names it and what to do.
 */
export function bundleArtifacts(record: EvidenceRecord, runFolder: string): ZipInput[] {
  const inputs = new Map<string, ZipInput>();
  const recorded = record.attempts.flatMap((attempt) =>
    attempt.artifacts.map((artifact) => ({ attempt, artifact })),
  );
  const held = heldAtPath(recorded.map((r) => r.artifact));
  recorded.forEach(({ attempt, artifact: a }, i) => {
    // An earlier attempt's file replaced by a later one of the same name is not in the folder
    // any more; the bundle holds the file as it is now, which the later attempt recorded.
    if (!held[i]) return;
    const where = `run ${record.run.id}, step "${attempt.step}" (attempt ${attempt.attempt}): artifact ${a.path}`;
    if (!isSafeRelativePath(a.path)) {
      throw new EvidenceError(`${where}: the path leaves the run folder; it cannot be bundled`);
    }
    const name = artifactEntryName(a.path);
    if (inputs.has(name)) return;
    const file = path.join(runFolder, ...a.path.split(/[\\/]+/));
    let actual: { size: number; sha: string };
    try {
      actual = hashFile(file);
    } catch {
      throw new EvidenceError(
        `${where}: ${file} is gone; a bundle must hold every artifact — restore it, or export json or html`,
      );
    }
    if (actual.sha !== a.sha256 || actual.size !== a.size) {
      throw new EvidenceError(
        `${where}: ${file} changed since it was recorded (SHA-256 ${actual.sha}, the record says ${a.sha256}); it cannot be bundled as evidence`,
      );
    }
    inputs.set(name, { name, file });
  });
  return [...inputs.values()];
}

/** Writes a bundle: the JSON document, the page, then the artifact files. */
export function writeBundle(
  out: string,
  parts: { json: string; html: string; artifacts: ZipInput[] },
  exportedAt: Date,
): void {
  writeZip(
    out,
    [
      { name: BUNDLE_JSON, data: Buffer.from(parts.json, 'utf8') },
      { name: BUNDLE_HTML, data: Buffer.from(parts.html, 'utf8') },
      ...parts.artifacts,
    ],
    exportedAt,
  );
}
