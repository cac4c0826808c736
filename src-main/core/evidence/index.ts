/** Audit evidence of a run: export (JSON, HTML, PDF, bundle), verification and signer trust. */
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
export {
  loadOrCreateKey,
  rotateKey,
  installationSigners,
  keyHistoryOf,
  fingerprintOf,
  KeyFileError,
  type EvidenceKey,
  type RotatedKey,
} from './keys.js';
export { parseFingerprint } from './key-fingerprint.js';
export {
  readAllowedSigners,
  formatAllowedSigners,
  parseAllowedSigners,
  signersFromKeyOptions,
  SignerListError,
} from './allowed-signers.js';
export type { AllowedSigner } from './signers.js';
export type { TrustedSigners } from './signer-trust.js';
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
export { renderHtml, HTML_RENDERERS, exportRenderer } from './html-renderers.js';
export { renderPdf, PdfError } from './pdf.js';
export {
  verifyEvidence,
  verifyFile,
  exitCodeFor,
  type VerifyOptions,
  type VerifyResult,
} from './verify.js';
export { describeVerifyResult } from './describe.js';
export { exportRun, type ExportOptions, type ExportResult, type EvidenceFormat } from './export.js';
