/**
 * The run record: everything the evidence says about one finished run, built from plain data
 * (the history store's RunDetail plus a way to read each execution's output text).
 *
 * Format `runlog-evidence/2`: every step of the runbook with its rules and current result, every
 * attempt (each execution, answer and skip, with its output and hash, its artifacts and the
 * runbook version it ran) hash-chained in the order they happened (see chain.ts), and every
 * version of the runbook the run used, with its source. The `/1` shapes stay below so files of
 * that format are still read and verified.
 */
import { createHash } from 'node:crypto';
import type {
  Artifact,
  AttemptAction,
  Attestation,
  OutcomeNote,
  RunbookVersion,
  RunDetail,
  RunEvent,
  RunStatus,
  StepAttempt,
  StepFlag,
  StepStatus,
} from '../run-model.js';
import { REDACTED } from '../run-model.js';
import type { StepKind, StepRules } from '../runbook/model.js';
import {
  EVIDENCE_FORMAT,
  EVIDENCE_FORMAT_V1,
  chainGenesis,
  chainLink,
  chainedRecords,
  type ChainedRecordSource,
} from './chain.js';

/** What the exporter reads: a finished run and the text of each execution's output. */
export interface EvidenceSource {
  run: RunDetail;
  /** Plain text (what a person saw) of an execution's output. */
  outputText(executionId: number): string;
}

/** Choices made when building a record. */
export interface RecordOptions {
  /** Names of secret parameters: their values are replaced with `[redacted]` whatever the store holds. */
  secretParams?: readonly string[];
  /**
   * Secret values (for instance the clear values of secret parameters, known while the run is
   * open) to blank out wherever they appear in the record: output, notes, events, parameters.
   */
  redactValues?: readonly string[];
  /** Version of the application making the export. */
  appVersion?: string;
  /** ISO 8601 UTC time of the export; default now. */
  exportedAt?: string;
}

/** What a record says about one execution's end, its output and its files (both formats). */
export interface EvidenceResult {
  status: StepStatus;
  reason?: string;
  exitCode?: number;
  signal?: string;
  startedAt?: string;
  endedAt?: string;
  /** Plain text of the output as the operator saw it. */
  output: string;
  /** SHA-256 (hex) of the raw output bytes, when the step produced any record of output. */
  outputSha256?: string;
  outputBytes: number;
  artifacts: Artifact[];
  attestation?: Attestation;
  /** This record's link in the hash chain (hex). */
  chain: string;
}

/** One attempt at a step (format /2), chained in the order the attempts happened. */
export interface EvidenceAttempt extends EvidenceResult {
  /** 1-based place in the chain, i.e. in the order the attempts happened. */
  seq: number;
  /** The step's name, and its 1-based position in the runbook. */
  step: string;
  stepIndex: number;
  /** 1 for the step's first attempt, 2 for the next… */
  attempt: number;
  action: AttemptAction;
  /** The runbook version this attempt ran. */
  runbookSha256?: string;
  /** Exact text as run, or the checklist question / configuration text, in that version. */
  text: string;
  flag?: StepFlag;
}

/** One step of the runbook (format /2): how it counts and its current result (its last attempt). */
export interface EvidenceStepSummary {
  /** 1-based position in the runbook. */
  index: number;
  name: string;
  /** The step's Runme cell id (`id` attribute), when it has one: stable across renames. */
  id?: string;
  kind: StepKind;
  /** The text of its last attempt, or the runbook's text when it has none. */
  text: string;
  status: StepStatus;
  flag?: StepFlag;
  /** Not applicable here, or the operator's skip reason. */
  reason?: string;
  rules: StepRules;
  /** `seq` of each of its attempts, oldest first. */
  attempts: number[];
}

/** The whole run record (format /2): the predicate of the signed statement. */
export interface EvidenceRecord {
  format: typeof EVIDENCE_FORMAT;
  run: { id: string; status: RunStatus; startedAt: string; endedAt?: string };
  /** Why the run has its status: what was pending, failed, skipped or flagged. */
  outcome: { notes: OutcomeNote[] };
  /** The runbook in the version the run ended with. */
  runbook: { id: string; title: string; path: string; sha256: string; source: string };
  /** Every version the run used, in order; the first is the one it started with. */
  versions: RunbookVersion[];
  operator: string;
  host: { name: string; os: string; release: string; arch: string };
  /** Version of the application that made the run. */
  appVersion: string;
  export: { appVersion: string; exportedAt: string };
  /** Parameter values as recorded, secrets redacted. */
  parameters: Record<string, string>;
  steps: EvidenceStepSummary[];
  attempts: EvidenceAttempt[];
  events: RunEvent[];
  chain: { algorithm: 'sha256'; genesis: string; head: string };
}

/** One step record of format /1: the step's latest result, chained in runbook order. */
export interface EvidenceStep extends EvidenceResult {
  index: number;
  name: string;
  kind: StepKind;
  text: string;
}

/** A run record of format /1 (read and verified, no longer written). */
export interface EvidenceRecordV1 extends Omit<
  EvidenceRecord,
  'format' | 'steps' | 'attempts' | 'versions' | 'outcome'
> {
  format: typeof EVIDENCE_FORMAT_V1;
  steps: EvidenceStep[];
}

/** A run record of either format. */
export type AnyEvidenceRecord = EvidenceRecord | EvidenceRecordV1;

/** Shortest secret value blanked out of free text: shorter ones would erase ordinary words. */
export const MIN_REDACT_LENGTH = 3;

/** Raised when a run cannot be turned into evidence; the message says which run and step. */
export class EvidenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvidenceError';
  }
}

/** Every artifact a record names, in chain order: what the signed statement's subjects list. */
export function recordArtifacts(record: ChainedRecordSource): Artifact[] {
  return chainedRecords(record).flatMap((r) =>
    Array.isArray(r.artifacts) ? (r.artifacts as Artifact[]) : [],
  );
}

/**
 * The steps a record shows more than one attempt for, one line each ("flaky: attempt 1 failed,
 * exit 3; attempt 2 passed"), so a verifier's report shows a retried step at a glance. Empty for
 * format /1, which kept only each step's latest result.
 */
export function retriedSteps(record: { format?: unknown; attempts?: unknown }): string[] {
  if (record.format !== EVIDENCE_FORMAT || !Array.isArray(record.attempts)) return [];
  const byStep = new Map<string, string[]>();
  for (const a of record.attempts as Array<Partial<EvidenceAttempt>>) {
    const how = [
      a.status,
      a.flag?.replace(/-/g, ' '),
      a.exitCode === undefined ? undefined : `exit ${a.exitCode}`,
    ]
      .filter((x) => x !== undefined)
      .join(', ');
    const name = String(a.step);
    byStep.set(name, [...(byStep.get(name) ?? []), `attempt ${String(a.attempt)} ${how}`]);
  }
  return [...byStep.entries()]
    .filter(([, list]) => list.length > 1)
    .map(([step, list]) => `${step}: ${list.join('; ')}`);
}

type Scrub = (text: string) => string;

function attemptRecord(
  src: EvidenceSource,
  a: StepAttempt,
  place: { seq: number; stepIndex: number },
  scrub: Scrub,
): Omit<EvidenceAttempt, 'chain'> {
  return {
    seq: place.seq,
    step: a.stepName,
    stepIndex: place.stepIndex,
    attempt: a.attempt,
    action: a.action,
    runbookSha256: a.runbookSha256,
    text: a.text,
    status: a.status,
    flag: a.flag,
    reason: a.reason === undefined ? undefined : scrub(a.reason),
    exitCode: a.exitCode,
    signal: a.signal,
    startedAt: a.startedAt,
    endedAt: a.endedAt,
    output: a.outputBytes > 0 ? scrub(readOutput(src, a.id, a.stepName)) : '',
    outputSha256: a.outputSha256,
    outputBytes: a.outputBytes,
    artifacts: a.artifacts.map((x) => ({ path: x.path, size: x.size, sha256: x.sha256 })),
    attestation: a.attestation && {
      ...a.attestation,
      note: a.attestation.note === undefined ? undefined : scrub(a.attestation.note),
      device: a.attestation.device === undefined ? undefined : scrub(a.attestation.device),
    },
  };
}

/** Every attempt of the run in the order they happened, chained. */
function chainAttempts(src: EvidenceSource, scrub: Scrub): EvidenceAttempt[] {
  const indexOf = new Map(src.run.steps.map((s, i) => [s.stepName, i + 1]));
  const all = src.run.steps.flatMap((s) => s.attempts).sort((a, b) => a.id - b.id);
  let previous = chainGenesis(EVIDENCE_FORMAT);
  return all.map((a, i) => {
    const record = attemptRecord(
      src,
      a,
      { seq: i + 1, stepIndex: indexOf.get(a.stepName) ?? 0 },
      scrub,
    );
    previous = chainLink(previous, record);
    return { ...record, chain: previous };
  });
}

/** Builds the chained run record of a finished run, secrets redacted. */
export function buildRecord(src: EvidenceSource, options: RecordOptions = {}): EvidenceRecord {
  const run = src.run;
  const scrub = makeScrubber(options.redactValues ?? []);
  const attempts = chainAttempts(src, scrub);
  const seqOf = new Map(attempts.map((a) => [`${a.step}\0${a.attempt}`, a.seq]));
  const steps: EvidenceStepSummary[] = run.steps.map((step, i) => ({
    index: i + 1,
    name: step.stepName,
    ...(step.stepId ? { id: step.stepId } : {}),
    kind: step.kind,
    text: step.text,
    status: step.status,
    flag: step.flag,
    reason: step.reason === undefined ? undefined : scrub(step.reason),
    rules: step.rules,
    attempts: step.attempts.map((a) => seqOf.get(`${a.stepName}\0${a.attempt}`) ?? 0),
  }));
  const last = run.versions[run.versions.length - 1];
  return {
    format: EVIDENCE_FORMAT,
    run: { id: run.id, status: run.status, startedAt: run.startedAt, endedAt: run.endedAt },
    outcome: {
      notes: run.outcome.notes.map((n) => ({
        ...n,
        detail: n.detail === undefined ? undefined : scrub(n.detail),
      })),
    },
    runbook: {
      id: run.runbookId,
      title: run.runbookTitle,
      path: run.runbookPath,
      sha256: last?.sha256 ?? run.runbookSha256,
      source: last?.source ?? run.runbookSource,
    },
    versions: run.versions.map((v) => ({ ...v })),
    operator: run.context.operator,
    host: {
      name: run.context.hostname,
      os: String(run.context.platform),
      release: run.context.osRelease,
      arch: run.context.arch,
    },
    appVersion: run.context.appVersion,
    export: {
      appVersion: options.appVersion ?? run.context.appVersion,
      exportedAt: options.exportedAt ?? new Date().toISOString(),
    },
    parameters: redactParams(run.params, options.secretParams ?? [], scrub),
    steps,
    attempts,
    events: run.events.map((e) => ({
      ...e,
      detail: e.detail === undefined ? undefined : scrub(e.detail),
    })),
    chain: {
      algorithm: 'sha256',
      genesis: chainGenesis(EVIDENCE_FORMAT),
      head: attempts[attempts.length - 1]?.chain ?? chainGenesis(EVIDENCE_FORMAT),
    },
  };
}

function readOutput(src: EvidenceSource, executionId: number, stepName: string): string {
  if (executionId <= 0) return '';
  try {
    return src.outputText(executionId);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new EvidenceError(
      `run ${src.run.id}, step "${stepName}": the output of execution ${executionId} cannot be read (${why})`,
    );
  }
}

function redactParams(
  params: Record<string, string>,
  secretNames: readonly string[],
  scrub: Scrub,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] = secretNames.includes(name) ? REDACTED : scrub(String(value));
  }
  return out;
}

/**
 * Returns a function that blanks every listed secret value out of a free text (output, notes,
 * event details). Hashes and the runbook's own text are left alone: a secret reaches a step only
 * through its environment, never through the runbook.
 */
function makeScrubber(values: readonly string[]): Scrub {
  const secrets = [...new Set(values)]
    .filter((v) => typeof v === 'string' && v.length >= MIN_REDACT_LENGTH)
    .sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
}

/** SHA-256 (hex) of a string's UTF-8 bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
