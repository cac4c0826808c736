/**
 * Verification of an evidence bundle as a whole: its layout (zip-store.ts refuses anything but
 * the one Runlog writes), the signed record in `evidence.json`, the page in `evidence.html`
 * compared with the record, and every file under `artifacts/` against the record — a recorded
 * file that is missing or different, or a file the record does not list, is NOT VALID and named.
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { BUNDLE_HTML, BUNDLE_JSON, artifactEntryName } from './bundle.js';
import {
  compareArtifact,
  heldAtPath,
  replacedArtifact,
  type ArtifactCheck,
} from './artifact-check.js';
import { parseEvidence } from './verify-input.js';
import {
  checkParsed,
  noteReplaced,
  recordedArtifacts,
  settle,
  unusable,
  type VerifyOptions,
  type VerifyResult,
} from './verify-checks.js';
import { eachChunk, readZip, ZipFormatError, type ZipEntry } from './zip-store.js';

/** Largest evidence.json or evidence.html read into memory: far above any real record. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** Verifies a bundle file. */
export function verifyBundle(file: string, options: VerifyOptions): VerifyResult {
  let entries: ZipEntry[];
  try {
    entries = readZip(file);
  } catch (err) {
    if (err instanceof ZipFormatError && err.structural) {
      return {
        ...unusable(`the bundle was altered: ${err.message}`, 'bundle'),
        status: 'invalid',
      };
    }
    return unusable(`not an evidence bundle (${(err as Error).message})`, 'bundle');
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const jsonEntry = byName.get(BUNDLE_JSON);
  if (!jsonEntry) return unusable(`the bundle holds no ${BUNDLE_JSON}`, 'bundle');
  const parsed = parseEvidence(readEntry(file, jsonEntry));
  if (!parsed.ok) return unusable(`its ${BUNDLE_JSON}: ${parsed.reason}`, 'bundle');
  if (parsed.value.html !== undefined) {
    return unusable(`its ${BUNDLE_JSON} is a page, not the JSON record`, 'bundle');
  }
  const ev = parsed.value;
  const htmlEntry = byName.get(BUNDLE_HTML);
  const page = htmlEntry ? readEntry(file, htmlEntry).toString('utf8') : undefined;
  const checking = checkParsed(ev, options, 'bundle', page);
  if (checking.result.status === 'unusable') return checking.result;
  const result = checking.result;
  if (!htmlEntry)
    result.problems.push(`the bundle's ${BUNDLE_HTML} (its readable page) is missing`);
  const expected = new Set([BUNDLE_JSON, BUNDLE_HTML]);
  const recorded = recordedArtifacts(ev);
  const held = heldAtPath(recorded);
  recorded.forEach((a, i) => {
    if (!held[i]) {
      result.artifacts.push(replacedArtifact(a));
      return;
    }
    const name = artifactEntryName(String(a.path));
    expected.add(name);
    const entry = byName.get(name);
    const check: ArtifactCheck = entry
      ? compareArtifact(a, hashEntry(file, entry), `the bundle's ${name}`)
      : { path: String(a.path), status: 'missing', detail: `the bundle has no ${name}` };
    result.artifacts.push(check);
    if (check.status !== 'ok') {
      result.problems.push(`artifact ${check.path}: ${check.detail}`);
    }
  });
  noteReplaced(recorded, held, result);
  for (const e of entries) {
    if (expected.has(e.name)) continue;
    result.artifacts.push({ path: e.name, status: 'extra' });
    result.problems.push(`the bundle holds a file the signed record does not list: ${e.name}`);
  }
  return settle(checking);
}

function readEntry(file: string, entry: ZipEntry): Buffer {
  if (entry.size > MAX_DOCUMENT_BYTES) {
    throw new Error(`${entry.name} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  const parts: Buffer[] = [];
  eachChunk(file, entry.dataOffset, entry.size, (c) => parts.push(Buffer.from(c)));
  const data = Buffer.concat(parts);
  if (zlib.crc32(data) >>> 0 !== entry.crc32) throw new Error(`${entry.name} is damaged (CRC-32)`);
  return data;
}

/** Size and SHA-256 of an entry, read in chunks from the archive; a bad CRC counts as changed. */
function hashEntry(file: string, entry: ZipEntry): { size: number; sha: string } {
  const hash = createHash('sha256');
  let crc = 0;
  let size = 0;
  eachChunk(file, entry.dataOffset, entry.size, (chunk) => {
    hash.update(chunk);
    crc = zlib.crc32(chunk, crc);
    size += chunk.length;
  });
  const sha = hash.digest('hex');
  return { size, sha: crc >>> 0 === entry.crc32 ? sha : `${sha} (and its CRC-32 does not match)` };
}
