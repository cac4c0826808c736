/**
 * Runs, step executions and their records: the shapes shared by the engine,
 * the history store, the evidence exporter and the API contract.
 */
import type { Platform, StepKind } from './runbook/model.js';

/**
 * open: steps may still run; passed: every applicable step passed or was attested done;
 * failed: a step failed (or was attested not done); incomplete: finished with steps pending;
 * interrupted: the process holding it died.
 */
export type RunStatus = 'open' | 'passed' | 'failed' | 'incomplete' | 'interrupted';

export type StepStatus =
  | 'pending'
  | 'running'
  | 'passed'
  | 'failed'
  | 'stopped'
  | 'timed-out'
  | 'interrupted'
  | 'not-applicable'
  | 'done'
  | 'not-done';

export const TERMINAL_STEP_STATUSES: readonly StepStatus[] = [
  'passed',
  'failed',
  'stopped',
  'timed-out',
  'interrupted',
  'done',
  'not-done',
];

/** Who, where and with what a run was made. */
export interface RunContext {
  operator: string;
  hostname: string;
  platform: Platform | string;
  osRelease: string;
  arch: string;
  appVersion: string;
}

export interface RunSummary {
  id: string;
  runbookId: string;
  runbookTitle: string;
  runbookPath: string;
  runbookSha256: string;
  status: RunStatus;
  /** ISO 8601 UTC. */
  startedAt: string;
  endedAt?: string;
  context: RunContext;
  /** Values as recorded: secret ones replaced by REDACTED. */
  params: Record<string, string>;
  /** Steps counted for progress. */
  stepsDone: number;
  stepsApplicable: number;
}

export const REDACTED = '[redacted]';

export interface Artifact {
  /** Relative to the run folder, with forward slashes. */
  path: string;
  size: number;
  sha256: string;
}

export interface Attestation {
  done: boolean;
  note?: string;
  device?: string;
  at: string;
}

/** One execution (or attestation) of one step in a run. */
export interface StepExecution {
  /** Id of the latest execution; 0 while the step has none. */
  id: number;
  runId: string;
  stepName: string;
  kind: StepKind;
  /** Exact text as run (or the checklist question / config text). */
  text: string;
  status: StepStatus;
  exitCode?: number;
  signal?: string;
  startedAt?: string;
  endedAt?: string;
  /** Why a step was not run (other platform, gate declined…). */
  reason?: string;
  outputBytes: number;
  /** SHA-256 (hex) of the raw output bytes. */
  outputSha256?: string;
  artifacts: Artifact[];
  attestation?: Attestation;
}

export type RunEventType =
  | 'run-started'
  | 'step-started'
  | 'step-ended'
  | 'step-stopped'
  | 'gate-confirmed'
  | 'attested'
  | 'runbook-changed'
  | 'runbook-accepted'
  | 'engine-died'
  | 'interrupted'
  | 'run-finished';

export interface RunEvent {
  at: string;
  type: RunEventType;
  stepName?: string;
  detail?: string;
}

/** A run with everything recorded about it. */
export interface RunDetail extends RunSummary {
  /** The source text of the runbook version the run pinned. */
  runbookSource: string;
  /** Latest state of every step of the runbook, in runbook order (from createRun's plan plus executions). */
  steps: StepExecution[];
  events: RunEvent[];
  /** Absolute path of the run's working folder. */
  folder: string;
}

/** What the engine tells the history store as a run proceeds. Implemented by history/. */
export interface RunRecorder {
  createRun(run: {
    id: string;
    runbookId: string;
    runbookTitle: string;
    runbookPath: string;
    runbookSha256: string;
    runbookSource: string;
    context: RunContext;
    /** Already redacted. */
    params: Record<string, string>;
    folder: string;
    startedAt: string;
    /** Every step of the runbook in order: 'pending', or 'not-applicable' with the reason. */
    steps: Array<{
      name: string;
      kind: StepKind;
      text: string;
      status: StepStatus;
      reason?: string;
    }>;
  }): void;
  /**
   * Returns the new execution's id. `secrets` are the run's secret values, for blanking out of
   * the text as a terminal shows it; kept in memory only, never stored.
   */
  stepStarted(
    runId: string,
    step: {
      name: string;
      kind: StepKind;
      text: string;
      startedAt: string;
      secrets?: readonly string[];
    },
  ): number;
  /** Raw pty bytes, in order; the store batches writes and derives the plain text. */
  appendOutput(executionId: number, bytes: Uint8Array): void;
  stepEnded(
    executionId: number,
    result: {
      status: StepStatus;
      exitCode?: number;
      signal?: string;
      endedAt: string;
      artifacts: Artifact[];
    },
  ): void;
  attest(
    runId: string,
    step: { name: string; kind: StepKind; text: string },
    attestation: Attestation,
  ): number;
  event(runId: string, event: RunEvent): void;
  finishRun(runId: string, status: RunStatus, endedAt: string): void;
  /** Forces buffered output to disk (called on stop and before exit). */
  flush(): void;
}
