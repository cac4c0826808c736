/**
 * The hash chain over a run's records.
 *
 *   h_0 = SHA-256(UTF-8 format identifier)
 *   h_i = SHA-256(h_{i-1} ‖ JCS(record_i without its `chain` field))
 *
 * where h_{i-1} is the raw 32-byte digest and JCS is RFC 8785 canonical JSON (UTF-8). Each
 * chained record carries its own h_i (hex) in `chain`; the run record holds the last one as the
 * head. Changing, removing, inserting or reordering a record breaks the chain at that record, so
 * a verifier can name the first one that no longer fits.
 *
 * Format `runlog-evidence/2` chains the attempts (every execution, answer and skip of every step,
 * in the order they happened); `runlog-evidence/1` chained one record per step (its latest
 * result). Files of both formats are verified (verify reads every format a released page renderer
 * reads, html-renderers.ts); new evidence is always /2.
 */
import { createHash } from 'node:crypto';
import { canonicalBytes } from './canonical-json.js';

/** Format identifier of the run record this Runlog writes; also the genesis input of its chain. */
export const EVIDENCE_FORMAT = 'runlog-evidence/2';
/** The first format: one chained record per step. */
export const EVIDENCE_FORMAT_V1 = 'runlog-evidence/1';

/** The digest every chain of a format starts from. */
export function chainGenesis(format: string = EVIDENCE_FORMAT): string {
  return createHash('sha256').update(format, 'utf8').digest('hex');
}

/** One link: the next chain value from the previous one (hex) and a record without `chain`. */
export function chainLink(previousHex: string, record: object): string {
  return createHash('sha256')
    .update(Buffer.from(previousHex, 'hex'))
    .update(canonicalBytes(record))
    .digest('hex');
}

/** A record as chained: every field but `chain`. */
export function withoutChain<T extends { chain?: unknown }>(step: T): Omit<T, 'chain'> {
  const { chain: _chain, ...rest } = step;
  return rest;
}

/** The part of a run record the chain depends on (any format). */
export interface ChainedRecordSource {
  format?: unknown;
  steps?: unknown;
  attempts?: unknown;
}

type Chained = { chain?: unknown; [key: string]: unknown };

/** The records a format chains, in chain order: attempts (/2) or steps (/1). */
export function chainedRecords(record: ChainedRecordSource): Chained[] {
  const list = record.format === EVIDENCE_FORMAT_V1 ? record.steps : record.attempts;
  return Array.isArray(list) ? (list as Chained[]) : [];
}

/** What a chained record is called in messages: "attempt 3 (capture, attempt 2 of the step)". */
export function chainLabel(record: ChainedRecordSource, index: number): string {
  const item = chainedRecords(record)[index] ?? {};
  if (record.format === EVIDENCE_FORMAT_V1) return `step ${index + 1} (${String(item.name)})`;
  return `attempt ${index + 1} (${String(item.step)}, attempt ${String(item.attempt)} of the step)`;
}

/** Where a recorded chain first stops matching, if anywhere. */
export interface ChainCheck {
  ok: boolean;
  /** 0-based position of the first chained record whose `chain` does not match. */
  firstBad?: number;
  /** The head recomputed from the records as they are. */
  computedHead: string;
  /** True when every record matched but the recorded head is not the last link. */
  headMismatch: boolean;
}

/**
/**
 * Recomputes the chain from the genesis over the records as they stand and compares each link
 * with the value the record carries. `genesis` is that of the record's own format (a verifier
 * checks records of earlier formats too); by default the current one.
 */
export function checkChain(
  records: ReadonlyArray<{ chain?: unknown }>,
  head: unknown,
  genesis: string = chainGenesis(),
): ChainCheck {
  let previous = genesis;
  let firstBad: number | undefined;
  records.forEach((record, i) => {
    const computed = chainLink(previous, withoutChain(record));
    if (firstBad === undefined && computed !== record.chain) firstBad = i;
    previous = computed;
  });
  const headMismatch = firstBad === undefined && previous !== head;
  return {
    ok: firstBad === undefined && !headMismatch,
    firstBad,
    computedHead: previous,
    headMismatch,
  };
}
