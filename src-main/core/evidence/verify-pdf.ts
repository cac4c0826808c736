/**
 * Verification of a PDF export: the signed record is read from the PDF's attachment and checked
 * like any evidence; the pages statement (pdf-evidence.ts) must be signed by the same key, name
 * this record and match what the pages draw; and the PDF's text must be the text of the page
 * rendered from the record. Loaded only when a PDF is verified (pdf.js and pdf-lib are large).
 */
import { verify as cryptoVerify } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { canonicalize } from './canonical-json.js';
import { exportRenderer, type HtmlRenderer } from './html-renderers.js';
import { toPublicKey } from './key-fingerprint.js';
import { resolveRenderer } from './page-check.js';
import { compareText, pageText } from './page-text.js';
import {
  evidenceDigest,
  PAGES_FORMAT,
  PAGES_PAYLOAD_TYPE,
  PDF_EVIDENCE_FILE,
  PDF_PAGES_FILE,
  type PagesStatement,
} from './pdf-evidence.js';
import { pagesDigest } from './pdf-pages.js';
import { pae } from './sign.js';
import { parseEvidence, type ParsedEvidence } from './verify-input.js';
import {
  artifactsFolder,
  checkArtifactsInFolder,
  checkParsed,
  settle,
  unusable,
  type Checking,
  type VerifyOptions,
  type VerifyResult,
} from './verify-checks.js';

/** What pdf.js read from the file. */
interface PdfContent {
  attachments: Map<string, Uint8Array>;
  text: string;
  pages: number;
}

async function readPdf(bytes: Uint8Array): Promise<PdfContent> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    verbosity: 0,
  });
  const doc = await task.promise;
  try {
    const found = (await doc.getAttachments()) as Record<
      string,
      { filename: string; content: Uint8Array }
    > | null;
    const attachments = new Map<string, Uint8Array>();
    for (const a of Object.values(found ?? {})) attachments.set(a.filename, a.content);
    const parts: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      for (const item of content.items) if ('str' in item) parts.push(item.str);
      page.cleanup();
    }
    return { attachments, text: parts.join(' '), pages: doc.numPages };
  } finally {
    await task.destroy();
  }
}

/** Verifies a PDF export. */
export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions): Promise<VerifyResult> {
  const content = await readPdf(bytes);
  const attached = content.attachments.get(PDF_EVIDENCE_FILE);
  if (!attached) {
    return unusable(
      `the PDF embeds no signed record (no attachment named ${PDF_EVIDENCE_FILE}), so it cannot be verified; verify the JSON or HTML export of the run instead`,
      'pdf',
    );
  }
  const parsed = parseEvidence(attached);
  if (!parsed.ok) return unusable(`its attachment ${PDF_EVIDENCE_FILE}: ${parsed.reason}`, 'pdf');
  if (parsed.value.html !== undefined) {
    return unusable(`its attachment ${PDF_EVIDENCE_FILE} is a page, not the JSON record`, 'pdf');
  }
  const ev = parsed.value;
  const checking = checkParsed(ev, options, 'pdf', undefined);
  if (checking.result.status === 'unusable') return checking.result;
  for (const name of content.attachments.keys()) {
    if (name !== PDF_EVIDENCE_FILE && name !== PDF_PAGES_FILE) {
      checking.result.problems.push(
        `the PDF holds an attachment Runlog did not put there: ${name}`,
      );
    }
  }
  const pages = await checkPagesStatement(bytes, content, ev, checking);
  const textOk = checkText(content, ev, pages.renderer, checking);
  checking.result.page = {
    renderer: pages.named ?? pages.renderer?.generator,
    matches: pages.ok && textOk,
  };
  checkArtifactsInFolder(ev, artifactsFolder(options), checking.result);
  return settle(checking);
}

/** The pages statement's outcome: the renderer to compare text with, and whether all held. */
interface PagesOutcome {
  renderer?: HtmlRenderer;
  /** The renderer the statement names, known or not. */
  named?: string;
  ok: boolean;
}

/** Checks the signed pages statement against the record and the pages. */
async function checkPagesStatement(
  bytes: Uint8Array,
  content: PdfContent,
  ev: ParsedEvidence,
  checking: Checking,
): Promise<PagesOutcome> {
  const problems = checking.result.problems;
  const before = problems.length;
  const raw = content.attachments.get(PDF_PAGES_FILE);
  const fallback = exportRenderer(String(ev.record.format));
  if (!raw) {
    problems.push(
      `the PDF lacks its ${PDF_PAGES_FILE} attachment: nothing binds what its pages draw to the record`,
    );
    return { renderer: fallback, ok: false };
  }
  const statement = readPagesStatement(raw, ev, checking.result.keyFingerprint ?? '', problems);
  if (!statement) return { renderer: fallback, ok: false };
  if (statement.evidenceSha256 !== evidenceDigest(ev.doc)) {
    problems.push(
      'the pages statement names another record than the one attached: the record was swapped',
    );
  }
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  if (statement.pages !== content.pages || statement.digest !== pagesDigest(pdf)) {
    problems.push(
      `what the PDF's pages draw is not what was printed at export (${content.pages} pages; the signed statement says ${statement.pages}): the pages were edited, drawn over or replaced`,
    );
  }
  const named = String(statement.renderer);
  const found = resolveRenderer(named, String(ev.record.format));
  problems.push(...found.problems);
  checking.uncheckable.push(...found.uncheckable);
  return { renderer: found.renderer, named, ok: problems.length === before && !!found.renderer };
}

/** Parses and checks the pages document's envelope; pushes what is wrong. */
function readPagesStatement(
  raw: Uint8Array,
  ev: ParsedEvidence,
  fingerprint: string,
  problems: string[],
): PagesStatement | undefined {
  let envelope: { payloadType?: unknown; payload?: unknown; signatures?: unknown };
  try {
    envelope = JSON.parse(Buffer.from(raw).toString('utf8')).envelope ?? {};
  } catch {
    problems.push(`the PDF's ${PDF_PAGES_FILE} attachment is not JSON`);
    return undefined;
  }
  const sigs = Array.isArray(envelope.signatures) ? envelope.signatures : [];
  if (envelope.payloadType !== PAGES_PAYLOAD_TYPE || typeof envelope.payload !== 'string') {
    problems.push(`the PDF's ${PDF_PAGES_FILE} attachment is not a Runlog pages statement`);
    return undefined;
  }
  const payload = Buffer.from(envelope.payload, 'base64');
  const key = toPublicKey(ev.doc.publicKey);
  const sig = sigs[0] as { keyid?: unknown; sig?: unknown } | undefined;
  const signed =
    sigs.length === 1 &&
    sig?.keyid === fingerprint &&
    typeof sig.sig === 'string' &&
    cryptoVerify(null, pae(PAGES_PAYLOAD_TYPE, payload), key, Buffer.from(sig.sig, 'base64'));
  if (!signed) {
    problems.push(
      "the pages statement is not signed by the record's key: it was changed or forged",
    );
  }
  let statement: PagesStatement;
  try {
    statement = JSON.parse(payload.toString('utf8')) as PagesStatement;
  } catch {
    problems.push('the pages statement is not JSON');
    return undefined;
  }
  if (statement?.format !== PAGES_FORMAT || canonicalize(statement) !== payload.toString('utf8')) {
    problems.push(`the pages statement is not a canonical ${PAGES_FORMAT} statement`);
    return undefined;
  }
  return statement;
}

/** Compares the PDF's text with the page rendered from the record; true when they agree. */
function checkText(
  content: PdfContent,
  ev: ParsedEvidence,
  renderer: HtmlRenderer | undefined,
  checking: Checking,
): boolean {
  if (!renderer) return false;
  const compared = compareText(pageText(renderer.render(ev.doc)), content.text);
  if (compared.unprintable.length > 0) {
    checking.result.notes.push(
      `characters of the record absent from the PDF's text (no font had them when it was printed; compared through the signed page digest only): ${compared.unprintable.join(' ')}`,
    );
  }
  if (!compared.difference) return true;
  checking.result.problems.push(
    `the PDF's text is not the text of the signed record: ${compared.difference}`,
  );
  return false;
}
