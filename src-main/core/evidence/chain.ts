/**
 * The hash chain over a run's step records.
 *
 *   h_0 = SHA-256(UTF-8 "runlog-evidence/1")
 *   h_i = SHA-256(h_{i-1} ‖ JCS(step_i without its `chain` field))
 *
 * where h_{i-1} is the raw 32-byte digest and JCS is RFC 8785 canonical JSON (UTF-8).
 * Each step record carries its own h_i (hex) in `chain`; the record holds the last one as the
 * head. Changing, removing, inserting or reordering a step record breaks the chain at that
 * record, so a verifier can name the first one that no longer fits.
 */
import { createHash } from 'node:crypto';
import { canonicalBytes } from './canonical-json.js';

/** Format identifier of the run record; also the genesis input of the chain. */
export const EVIDENCE_FORMAT = 'runlog-evidence/1';

/** The digest every chain starts from. */
export function chainGenesis(): string {
  return createHash('sha256').update(EVIDENCE_FORMAT, 'utf8').digest('hex');
}

/** One link: the next chain value from the previous one (hex) and a step record without `chain`. */
export function chainLink(previousHex: string, record: object): string {
  return createHash('sha256')
    .update(Buffer.from(previousHex, 'hex'))
    .update(canonicalBytes(record))
    .digest('hex');
}

/** A step record as chained: every field but `chain`. */
export function withoutChain<T extends { chain?: unknown }>(step: T): Omit<T, 'chain'> {
  const { chain: _chain, ...rest } = step;
  return rest;
}

/** Where a recorded chain first stops matching, if anywhere. */
export interface ChainCheck {
  ok: boolean;
  /** 0-based position of the first step record whose `chain` does not match. */
  firstBad?: number;
  /** The head recomputed from the records as they are. */
  computedHead: string;
  /** True when every step matched but the recorded head is not the last link. */
  headMismatch: boolean;
}

/**
 * Recomputes the chain from the genesis over the records as they stand and compares each link
 * with the value the record carries. `genesis` is that of the record's own format (a verifier
 * checks records of earlier formats too); by default the current one.
 */
export function checkChain(
  steps: ReadonlyArray<{ chain?: unknown }>,
  head: unknown,
  genesis: string = chainGenesis(),
): ChainCheck {
  let previous = genesis;
  let firstBad: number | undefined;
  steps.forEach((step, i) => {
    const computed = chainLink(previous, withoutChain(step));
    if (firstBad === undefined && computed !== step.chain) firstBad = i;
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
