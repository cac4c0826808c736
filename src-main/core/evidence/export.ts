/**
 * Export of one run as evidence: build the chained record, sign it with the installation key,
 * and write it as JSON, HTML or PDF. The one entry point the service and the CLI call.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderHtml } from './html.js';
import { loadOrCreateKey } from './keys.js';
import { renderPdf } from './pdf.js';
import { buildRecord, type EvidenceSource, type RecordOptions } from './record.js';
import { signRecord, type EvidenceDocument } from './sign.js';

export { describeVerifyResult } from './describe.js';

/** The formats an export can take. */
export type EvidenceFormat = 'json' | 'html' | 'pdf';

/** How to export. */
export interface ExportOptions extends RecordOptions {
  format: EvidenceFormat;
  /** The data directory holding `keys/` (the key is made there on first use). */
  dataDir: string;
  /** File to write; without it the content is only returned. */
  out?: string;
  /** Chromium for PDF; default /usr/bin/chromium. */
  chromiumPath?: string;
}

/** What an export produced. */
export interface ExportResult {
  format: EvidenceFormat;
  /** Absolute path written, when `out` was given. */
  file?: string;
  /** The exported bytes (text for JSON and HTML). */
  content: string | Uint8Array;
  /** The signed document, whatever the format. */
  document: EvidenceDocument;
  keyFingerprint: string;
}

/** Exports a run as signed evidence in the chosen format. */
export async function exportRun(
  src: EvidenceSource,
  options: ExportOptions,
): Promise<ExportResult> {
  const key = loadOrCreateKey(options.dataDir);
  const record = buildRecord(src, options);
  const document = signRecord(record, key);
  const file = options.out ? path.resolve(options.out) : undefined;
  let content: string | Uint8Array;
  if (options.format === 'json') {
    content = JSON.stringify(document, null, 2) + '\n';
    if (file) writeAtomically(file, content);
  } else if (options.format === 'html') {
    content = renderHtml(document);
    if (file) writeAtomically(file, content);
  } else if (options.format === 'pdf') {
    content = await printPdf(renderHtml(document), file, options.chromiumPath);
  } else {
    throw new Error(`unknown evidence format "${String(options.format)}": use json, html or pdf`);
  }
  return { format: options.format, file, content, document, keyFingerprint: key.fingerprint };
}

/** Writes beside the target then renames, so a crash never leaves a half-written evidence file. */
function writeAtomically(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

async function printPdf(
  html: string,
  file: string | undefined,
  chromiumPath?: string,
): Promise<Uint8Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-pdf-'));
  try {
    const temp = path.join(dir, 'evidence.pdf');
    await renderPdf(html, temp, { executablePath: chromiumPath });
    const bytes = fs.readFileSync(temp);
    if (file) writeAtomically(file, bytes);
    return new Uint8Array(bytes);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
