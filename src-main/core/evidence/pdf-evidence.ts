/**
 * The PDF evidence carries what makes it checkable: the signed JSON document (exactly the JSON
 * export) as a standard PDF attachment, which `pdfdetach -list` and every PDF reader show, and a
 * second signed statement binding what the pages draw (pdf-pages.ts) to that record and to the
 * renderer whose page was printed. `runlog verify FILE.pdf` reads both, checks the record as for
 * any evidence, compares the PDF's text with the text rendered from the record, and recomputes
 * the pages' digest.
 */
import { createHash } from 'node:crypto';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { canonicalBytes } from './canonical-json.js';
import type { EvidenceKey } from './keys.js';
import { pagesDigest } from './pdf-pages.js';
import { signPayload, type DsseEnvelope, type EvidenceDocument } from './sign.js';

/** Name of the attachment holding the signed run record (the JSON export). */
export const PDF_EVIDENCE_FILE = 'runlog-evidence.json';
/** Name of the attachment holding the signed statement about the pages. */
export const PDF_PAGES_FILE = 'runlog-pdf-pages.json';
/** DSSE payload type of the pages statement. */
export const PAGES_PAYLOAD_TYPE = 'application/vnd.runlog.pdf-pages+json';
/** Format tag of the pages statement. */
export const PAGES_FORMAT = 'runlog-pdf-pages/1';

/** What the second signature says about the printed pages. */
export interface PagesStatement {
  format: typeof PAGES_FORMAT;
  /** SHA-256 (hex) of the evidence envelope's payload bytes: the record these pages show. */
  evidenceSha256: string;
  /** The HTML renderer whose page was printed. */
  renderer: string;
  pages: number;
  /** pagesDigest() of the PDF as printed. */
  digest: string;
}

/** The attached pages document. */
export interface PagesDocument {
  envelope: DsseEnvelope;
}

/** SHA-256 (hex) of an evidence document's signed payload. */
export function evidenceDigest(doc: EvidenceDocument): string {
  return createHash('sha256').update(Buffer.from(doc.envelope.payload, 'base64')).digest('hex');
}

/**
 * Attaches the signed record and the signed pages statement to a printed PDF. `renderer` names
 * the HTML renderer of the page that was printed.
 */
export async function attachEvidence(
  printed: Uint8Array,
  doc: EvidenceDocument,
  key: EvidenceKey,
  renderer: string,
  exportedAt: Date,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(printed, { updateMetadata: false });
  const statement: PagesStatement = {
    format: PAGES_FORMAT,
    evidenceSha256: evidenceDigest(doc),
    renderer,
    pages: pdf.getPageCount(),
    digest: pagesDigest(pdf),
  };
  const payload = canonicalBytes(statement);
  const pages: PagesDocument = {
    envelope: {
      payloadType: PAGES_PAYLOAD_TYPE,
      payload: payload.toString('base64'),
      signatures: [
        { keyid: key.fingerprint, sig: signPayload(PAGES_PAYLOAD_TYPE, payload, key.privateKey) },
      ],
    },
  };
  const dates = { creationDate: exportedAt, modificationDate: exportedAt };
  await pdf.attach(Buffer.from(JSON.stringify(doc, null, 2) + '\n'), PDF_EVIDENCE_FILE, {
    mimeType: 'application/json',
    description: 'Runlog run record: in-toto statement in a DSSE envelope, signed (Ed25519)',
    afRelationship: AFRelationship.Source,
    ...dates,
  });
  await pdf.attach(Buffer.from(JSON.stringify(pages, null, 2) + '\n'), PDF_PAGES_FILE, {
    mimeType: 'application/json',
    description: 'Runlog: signed digest of what these pages draw, bound to the run record',
    afRelationship: AFRelationship.Supplement,
    ...dates,
  });
  pdf.setSubject('Runlog run evidence; check it with runlog verify FILE.pdf');
  pdf.setCreator('Runlog');
  return pdf.save({ useObjectStreams: false });
}
