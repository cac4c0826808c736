/**
 * Export of one run as evidence: build the chained record, sign it with the installation key,
 * and write it as JSON, HTML, PDF or a bundle. The one entry point the service and the CLI call.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleArtifacts, writeBundle } from './bundle.js';
import { exportRenderer } from './html-renderers.js';
import { loadOrCreateKey } from './keys.js';
import { renderPdf } from './pdf.js';
import { buildRecord, type EvidenceSource, type RecordOptions } from './record.js';
import { signRecord, type EvidenceDocument } from './sign.js';

export { describeVerifyResult } from './describe.js';

/** The formats an export can take. */
export type EvidenceFormat = 'json' | 'html' | 'pdf' | 'bundle';

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
  /** The exported bytes (text for JSON and HTML; empty for a bundle written to `out`, which can be large). */
  content: string | Uint8Array;
  /** The signed document, whatever the format. */
  document: EvidenceDocument;
  keyFingerprint: string;
}

/** The JSON export of a signed document. */
function jsonText(document: EvidenceDocument): string {
  return JSON.stringify(document, null, 2) + '\n';
}

/** Exports a run as signed evidence in the chosen format. */
export async function exportRun(
  src: EvidenceSource,
  options: ExportOptions,
): Promise<ExportResult> {
  if (!['json', 'html', 'pdf', 'bundle'].includes(options.format)) {
    throw new Error(
      `unknown evidence format "${String(options.format)}": use json, html, pdf or bundle`,
    );
  }
  const key = loadOrCreateKey(options.dataDir);
  const record = buildRecord(src, options);
  const document = signRecord(record, key);
  const renderer = exportRenderer(record.format);
  const file = options.out ? path.resolve(options.out) : undefined;
  const exportedAt = new Date(record.export.exportedAt);
  let content: string | Uint8Array;
  if (options.format === 'json') {
    content = jsonText(document);
    if (file) writeAtomically(file, content);
  } else if (options.format === 'html') {
    content = renderer.render(document);
    if (file) writeAtomically(file, content);
  } else if (options.format === 'pdf') {
    const printed = await printPdf(renderer.render(document), options.chromiumPath);
    const { attachEvidence } = await import('./pdf-evidence.js');
    content = await attachEvidence(printed, document, key, renderer.generator, exportedAt);
    if (file) writeAtomically(file, content);
  } else {
    const artifacts = bundleArtifacts(record, src.run.folder);
    const parts = { json: jsonText(document), html: renderer.render(document), artifacts };
    content = writeToFile(file, (target) => writeBundle(target, parts, exportedAt));
  }
  return { format: options.format, file, content, document, keyFingerprint: key.fingerprint };
}

/** Writes beside the target then renames, so a crash never leaves a half-written evidence file. */
function writeAtomically(file: string, content: string | Uint8Array): void {
  writeToFile(file, (temp) => fs.writeFileSync(temp, content));
}

/**
 * Runs a writer on a temporary file, then moves it to `file` (when given) and returns its bytes
 * (when not: the caller wants the content only).
 */
function writeToFile(file: string | undefined, write: (target: string) => void): Uint8Array {
  const dir = file ? path.dirname(file) : fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-export-'));
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file ?? 'evidence')}.${process.pid}.tmp`);
  try {
    write(temp);
    if (!file) return new Uint8Array(fs.readFileSync(temp));
    fs.renameSync(temp, file);
    return new Uint8Array(0);
  } finally {
    fs.rmSync(temp, { force: true });
    if (!file) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function printPdf(html: string, chromiumPath?: string): Promise<Uint8Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-pdf-'));
  try {
    const temp = path.join(dir, 'printed.pdf');
    await renderPdf(html, temp, { executablePath: chromiumPath });
    return new Uint8Array(fs.readFileSync(temp));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
