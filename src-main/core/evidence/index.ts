/** Audit evidence of a run: export (JSON, HTML, PDF) and verification. */
export { canonicalize, canonicalBytes, CanonicalJsonError } from './canonical-json.js';
export { EVIDENCE_FORMAT, chainGenesis, chainLink, checkChain } from './chain.js';
export {
  buildRecord,
  EvidenceError,
  type EvidenceRecord,
  type EvidenceSource,
  type EvidenceStep,
  type RecordOptions,
} from './record.js';
export { loadOrCreateKey, fingerprintOf, KeyFileError, type EvidenceKey } from './keys.js';
export {
  signRecord,
  buildStatement,
  pae,
  PAYLOAD_TYPE,
  PREDICATE_TYPE,
  STATEMENT_TYPE,
  type DsseEnvelope,
  type EvidenceDocument,
  type EvidenceStatement,
} from './sign.js';
export { renderHtml } from './html.js';
export { renderPdf, PdfError } from './pdf.js';
export {
  verifyEvidence,
  verifyEvidenceFile,
  exitCodeFor,
  type VerifyOptions,
  type VerifyResult,
} from './verify.js';
export { describeVerifyResult } from './describe.js';
export { exportRun, type ExportOptions, type ExportResult, type EvidenceFormat } from './export.js';
