/**
 * The run record: everything the evidence says about one finished run, built from plain data
 * (the history store's RunDetail plus a way to read each execution's output text), with the
 * step records hash-chained (see chain.ts).
 */
import { createHash } from 'node:crypto';
import type {
  Artifact,
  Attestation,
  RunDetail,
  RunEvent,
  RunStatus,
  StepStatus,
} from '../run-model.js';
import { REDACTED } from '../run-model.js';
import type { StepKind } from '../runbook/model.js';
import { EVIDENCE_FORMAT, chainGenesis, chainLink } from './chain.js';

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

/** One step of the runbook in the record, applicable or not, in runbook order. */
export interface EvidenceStep {
  /** 1-based position in the runbook. */
  index: number;
  name: string;
  kind: StepKind;
  /** Exact text as run, or the checklist question / configuration text. */
  text: string;
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

/** The whole run record: the predicate of the signed statement. */
export interface EvidenceRecord {
  format: typeof EVIDENCE_FORMAT;
  run: { id: string; status: RunStatus; startedAt: string; endedAt?: string };
  runbook: { id: string; title: string; path: string; sha256: string; source: string };
  operator: string;
  host: { name: string; os: string; release: string; arch: string };
  /** Version of the application that made the run. */
  appVersion: string;
  export: { appVersion: string; exportedAt: string };
  /** Parameter values as recorded, secrets redacted. */
  parameters: Record<string, string>;
  steps: EvidenceStep[];
  events: RunEvent[];
  chain: { algorithm: 'sha256'; genesis: string; head: string };
}

/** Shortest secret value blanked out of free text: shorter ones would erase ordinary words. */
export const MIN_REDACT_LENGTH = 3;

/** Raised when a run cannot be turned into evidence; the message says which run and step. */
export class EvidenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvidenceError';
  }
}

/** Builds the chained run record of a finished run, secrets redacted. */
export function buildRecord(src: EvidenceSource, options: RecordOptions = {}): EvidenceRecord {
  const run = src.run;
  const scrub = makeScrubber(options.redactValues ?? []);
  const steps: Omit<EvidenceStep, 'chain'>[] = run.steps.map((step, i) => ({
    index: i + 1,
    name: step.stepName,
    kind: step.kind,
    text: step.text,
    status: step.status,
    reason: step.reason === undefined ? undefined : scrub(step.reason),
    exitCode: step.exitCode,
    signal: step.signal,
    startedAt: step.startedAt,
    endedAt: step.endedAt,
    output: step.outputBytes > 0 ? scrub(readOutput(src, step.id, step.stepName)) : '',
    outputSha256: step.outputSha256,
    outputBytes: step.outputBytes,
    artifacts: step.artifacts.map((a) => ({ path: a.path, size: a.size, sha256: a.sha256 })),
    attestation: step.attestation && {
      ...step.attestation,
      note: step.attestation.note === undefined ? undefined : scrub(step.attestation.note),
      device: step.attestation.device === undefined ? undefined : scrub(step.attestation.device),
    },
  }));
  const record = {
    format: EVIDENCE_FORMAT as typeof EVIDENCE_FORMAT,
    run: { id: run.id, status: run.status, startedAt: run.startedAt, endedAt: run.endedAt },
    runbook: {
      id: run.runbookId,
      title: run.runbookTitle,
      path: run.runbookPath,
      sha256: run.runbookSha256,
      source: run.runbookSource,
    },
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
    events: run.events.map((e) => ({
      ...e,
      detail: e.detail === undefined ? undefined : scrub(e.detail),
    })),
  };
  return chainRecord(record);
}

/** Adds the chain links to the step records and the head to the record. */
function chainRecord(
  record: Omit<EvidenceRecord, 'steps' | 'chain'> & { steps: Omit<EvidenceStep, 'chain'>[] },
): EvidenceRecord {
  const genesis = chainGenesis();
  let previous = genesis;
  const steps = record.steps.map((step) => {
    previous = chainLink(previous, step);
    return { ...step, chain: previous };
  });
  return { ...record, steps, chain: { algorithm: 'sha256', genesis, head: previous } };
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
  scrub: (text: string) => string,
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
function makeScrubber(values: readonly string[]): (text: string) => string {
  const secrets = [...new Set(values)]
    .filter((v) => typeof v === 'string' && v.length >= MIN_REDACT_LENGTH)
    .sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
}

/** SHA-256 (hex) of a string's UTF-8 bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
