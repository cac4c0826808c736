/**
 * Signing: the run record becomes the predicate of an in-toto Statement v1, whose canonical JSON
 * is wrapped in a DSSE envelope signed with the installation's Ed25519 key. Standard shapes, so
 * the evidence can be checked with generic tools and not only with Runlog.
 */
import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { canonicalBytes } from './canonical-json.js';
import type { EvidenceKey } from './keys.js';
import { recordArtifacts, type AnyEvidenceRecord, type EvidenceRecord } from './record.js';

/** DSSE payload type of an in-toto statement. */
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** in-toto Statement v1 type URI. */
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** Identifier of the Runlog run-record predicate (an identifier only; nothing is fetched). */
export const PREDICATE_TYPE = 'https://runlog.dev/evidence/v1';

/** An in-toto subject: something the statement is about, by digest. */
export interface Subject {
  name: string;
  digest: { sha256: string };
}

/** The in-toto Statement v1 whose predicate is the run record. */
export interface EvidenceStatement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: EvidenceRecord;
}

/** A DSSE envelope (https://github.com/secure-systems-lab/dsse). */
export interface DsseEnvelope {
  payloadType: string;
  /** Standard base64 of the statement's canonical JSON bytes. */
  payload: string;
  signatures: Array<{ keyid: string; sig: string }>;
}

/** The exported JSON evidence document. */
export interface EvidenceDocument {
  envelope: DsseEnvelope;
  /** SPKI PEM of the Ed25519 key that signed it. */
  publicKey: string;
  /** `SHA256:` + unpadded base64 of SHA-256 of the raw public key (see keys.ts). */
  keyFingerprint: string;
}

/** DSSE's pre-authentication encoding: what is actually signed, binding the payload type. */
export function pae(payloadType: string, body: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${body.length} `, 'utf8'),
    body,
  ]);
}

/** Name of the runbook subject: its path, else `runbook:<id>`. */
export function runbookSubjectName(record: Pick<AnyEvidenceRecord, 'runbook'>): string {
  return record.runbook.path || `runbook:${record.runbook.id}`;
}

/** The subjects a record speaks for: the runbook source, then every artifact in chain order. */
export function subjectsOf(record: AnyEvidenceRecord): Subject[] {
  const subjects: Subject[] = [
    { name: runbookSubjectName(record), digest: { sha256: record.runbook.sha256 } },
  ];
  for (const artifact of recordArtifacts(record)) {
    subjects.push({ name: artifact.path, digest: { sha256: artifact.sha256 } });
  }
  return subjects;
}

/** Wraps a record in its in-toto statement. */
export function buildStatement(record: EvidenceRecord): EvidenceStatement {
  return {
    _type: STATEMENT_TYPE,
    subject: subjectsOf(record),
    predicateType: PREDICATE_TYPE,
    predicate: record,
  };
}

/** Signs a DSSE payload with an Ed25519 private key; returns the base64 signature. */
export function signPayload(payloadType: string, payload: Uint8Array, key: KeyObject): string {
  return cryptoSign(null, pae(payloadType, payload), key).toString('base64');
}

/** Signs a run record with the installation key: the exported JSON document. */
export function signRecord(record: EvidenceRecord, key: EvidenceKey): EvidenceDocument {
  const payload = canonicalBytes(buildStatement(record));
  return {
    envelope: {
      payloadType: PAYLOAD_TYPE,
      payload: payload.toString('base64'),
      signatures: [
        { keyid: key.fingerprint, sig: signPayload(PAYLOAD_TYPE, payload, key.privateKey) },
      ],
    },
    publicKey: key.publicKeyPem,
    keyFingerprint: key.fingerprint,
  };
}

/** The statement inside a document's envelope (no checks: verify.ts does those). */
export function statementOf(doc: EvidenceDocument): EvidenceStatement {
  return JSON.parse(
    Buffer.from(doc.envelope.payload, 'base64').toString('utf8'),
  ) as EvidenceStatement;
}
