import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportRun } from '../../../src-main/core/evidence/export.js';
import { PdfError, renderPdf } from '../../../src-main/core/evidence/pdf.js';
import { verifyEvidence } from '../../../src-main/core/evidence/verify.js';
import {
  RUNBOOK_TITLE,
  SECRET_VALUE,
  TYPED_INPUT,
  allText,
  makeFixture,
  trustOf,
} from './helpers.js';

const fx = makeFixture();
const dataDir = path.join(fx.dir, 'data');
afterAll(() => fx.cleanup());
const secretOptions = { secretParams: ['DB_PASSWORD'], redactValues: [SECRET_VALUE] };

describe('exportRun', () => {
  it('returns JSON and HTML content that verifies, and writes it where asked', async () => {
    const out = path.join(fx.dir, 'out', 'run.json');
    const json = await exportRun(fx.source, { format: 'json', dataDir, out, ...secretOptions });
    expect(json.file).toBe(out);
    expect(fs.readFileSync(out, 'utf8')).toBe(json.content);
    const trust = trustOf({ fingerprint: json.keyFingerprint });
    expect(verifyEvidence(json.content, { trust }).status).toBe('valid');
    const html = await exportRun(fx.source, { format: 'html', dataDir, ...secretOptions });
    expect(html.file).toBeUndefined();
    expect(verifyEvidence(html.content, { trust }).status).toBe('valid');
    expect(html.keyFingerprint).toBe(json.keyFingerprint);
  });

  it('never lets the secret parameter value or typed input reach any export', async () => {
    for (const format of ['json', 'html'] as const) {
      const r = await exportRun(fx.source, { format, dataDir, ...secretOptions });
      const all = allText(r.document, String(r.content));
      expect(all).toContain('[redacted]');
      expect(all).not.toContain(SECRET_VALUE);
      expect(all).not.toContain(TYPED_INPUT);
    }
    const pdfFile = path.join(fx.dir, 'secret-check.pdf');
    await exportRun(fx.source, { format: 'pdf', dataDir, out: pdfFile, ...secretOptions });
    const pdfText = execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('[redacted]');
    expect(pdfText).not.toContain(SECRET_VALUE);
    expect(pdfText).not.toContain(TYPED_INPUT);
  });

  it('prints a PDF with Chromium that holds the runbook title and the step names', async () => {
    const out = path.join(fx.dir, 'evidence.pdf');
    const r = await exportRun(fx.source, { format: 'pdf', dataDir, out, ...secretOptions });
    const bytes = fs.readFileSync(out);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(r.content as Uint8Array).equals(bytes)).toBe(true);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toContain(RUNBOOK_TITLE);
    expect(text).toContain('ping-gateway');
  });

  it('refuses an unknown format by name', async () => {
    await expect(exportRun(fx.source, { format: 'docx' as never, dataDir })).rejects.toThrow(
      /unknown evidence format "docx"/,
    );
  });
});

describe('renderPdf', () => {
  it("says to install Debian's chromium package when the browser is missing", async () => {
    const out = path.join(fx.dir, 'never.pdf');
    const missing = path.join(fx.dir, 'no-chromium');
    await expect(renderPdf('<p>x</p>', out, { executablePath: missing })).rejects.toThrow(PdfError);
    await expect(renderPdf('<p>x</p>', out, { executablePath: missing })).rejects.toThrow(
      /apt-get install -y chromium/,
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});
