/**
 * Verification of exported evidence, whatever its form: a JSON document, an HTML page, a PDF or a
 * bundle. The record checks (verify-record.ts) are the same for all; an HTML page is also
 * rendered again and compared (page-check.ts), a PDF's text and pages are compared with the
 * record (verify-pdf.ts), a bundle's files with the record's artifacts (verify-bundle.ts).
 *
 * The verdict: valid only when the signature is valid, the signer trusted, the record intact and
 * what a reader sees is the signed record; invalid (exit 1) when anything was changed or the
 * signer is not trusted; unusable (exit 2) when the input is not evidence, or its page was made by
 * a renderer this verifier does not know.
 */
import fs from 'node:fs';
import { parseEvidence } from './verify-input.js';
import {
  artifactsFolder,
  checkArtifactsInFolder,
  checkParsed,
  settle,
  unusable,
  type VerifyOptions,
  type VerifyResult,
} from './verify-checks.js';

export * from './verify-checks.js';

/** Verifies an evidence file's content given as JSON or HTML. */
export function verifyEvidence(
  input: string | Uint8Array,
  options: VerifyOptions = {},
): VerifyResult {
  return guarded(options, () => {
    const parsed = parseEvidence(input);
    if (!parsed.ok) return unusable(parsed.reason);
    const ev = parsed.value;
    const checking = checkParsed(ev, options, ev.html === undefined ? 'json' : 'html');
    if (checking.result.status === 'unusable') return checking.result;
    checkArtifactsInFolder(ev, artifactsFolder(options), checking.result);
    return settle(checking);
  });
}

/** Verifies an evidence file on disk, of any kind; artifact files are looked for beside it. */
export async function verifyFile(file: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const opts = { ...options, file };
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(8);
      head = head.subarray(0, fs.readSync(fd, head, 0, 8, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    return unusable(`${file}: cannot be read (${(err as Error).message})`);
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') {
    const { verifyPdf } = await import('./verify-pdf.js');
    return guardedAsync(opts, () => verifyPdf(fs.readFileSync(file), opts));
  }
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    const { verifyBundle } = await import('./verify-bundle.js');
    return guardedAsync(opts, async () => verifyBundle(file, opts));
  }
  return verifyEvidence(fs.readFileSync(file), opts);
}

/** Hostile shapes (absurd nesting, wrong types deep inside) end as "unusable", never as a crash. */
function guarded(options: VerifyOptions, work: () => VerifyResult): VerifyResult {
  let result: VerifyResult;
  try {
    result = work();
  } catch (err) {
    result = unusable(`the evidence cannot be checked (${(err as Error).message})`);
  }
  return named(result, options);
}

async function guardedAsync(
  options: VerifyOptions,
  work: () => Promise<VerifyResult>,
): Promise<VerifyResult> {
  let result: VerifyResult;
  try {
    result = await work();
  } catch (err) {
    result = unusable(`the evidence cannot be checked (${(err as Error).message})`);
  }
  return named(result, options);
}

function named(result: VerifyResult, options: VerifyOptions): VerifyResult {
  if (result.status === 'unusable' && options.file) {
    const prefix = `${options.file}: `;
    result.problems = result.problems.map((p) => (p.startsWith(prefix) ? p : prefix + p));
  }
  return result;
}
