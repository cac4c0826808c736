/**
 * Runs, step executions and their records: the shapes shared by the engine,
 * the history store, the evidence exporter and the API contract.
 */
import type { Platform, StepKind, StepRules } from './runbook/model.js';

/**
 * open: steps may still run; passed: every required step done as the runbook says;
 * passed-with-exceptions: every required step dealt with, but some were skipped with a reason,
 * an optional step was tried and not done, or a step's result was flagged (an expected failure
 * that succeeded); failed: a required step failed (or was attested not done); incomplete:
 * finished with required steps not done; interrupted: the process holding it died.
 */
export const RUN_STATUSES = [
  'open',
  'passed',
  'passed-with-exceptions',
  'failed',
  'incomplete',
  'interrupted',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The statuses a run can be finished with (interrupted comes only from a dead process). */
export type FinishedStatus = Exclude<RunStatus, 'open' | 'interrupted'>;

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
  | 'not-done'
  | 'skipped';

/**
 * What a reader must know about an attempt beyond its status: it failed as the runbook expects
 * (status passed), it succeeded though the runbook expects it to fail (status passed, but the
 * run has an exception), or the operator stopped an open-ended step, its normal end (status
 * passed).
 */
export type StepFlag = 'failed-as-expected' | 'unexpected-success' | 'stopped-by-operator';

export const TERMINAL_STEP_STATUSES: readonly StepStatus[] = [
  'passed',
  'failed',
  'stopped',
  'timed-out',
  'interrupted',
  'done',
  'not-done',
  'skipped',
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

/** What an attempt was: a command run, an operator's answer, or an operator's skip. */
export type AttemptAction = 'run' | 'attest' | 'skip';

/** One attempt at one step of a run: an execution, an attestation or a skip, never overwritten. */
export interface StepAttempt {
  /** Its execution id in the history; 0 for a step that has no attempt yet. */
  id: number;
  runId: string;
  stepName: string;
  kind: StepKind;
  /** 1 for the step's first attempt, 2 for the next…; 0 while the step has none. */
  attempt: number;
  action: AttemptAction;
  /** Exact text as run (or the checklist question / config text) in the version it ran. */
  text: string;
  /** SHA-256 of the runbook version this attempt ran (absent while the step has none). */
  runbookSha256?: string;
  status: StepStatus;
  flag?: StepFlag;
  exitCode?: number;
  signal?: string;
  startedAt?: string;
  endedAt?: string;
  /** Why a step was not run: other platform (not applicable), or the operator's skip reason. */
  reason?: string;
  outputBytes: number;
  /** SHA-256 (hex) of the raw output bytes. */
  outputSha256?: string;
  artifacts: Artifact[];
  attestation?: Attestation;
}

/** A step of a run: its latest attempt's fields (its current result), and every attempt. */
export interface StepExecution extends StepAttempt {
  /** Every attempt, oldest first; the last is the step's current result. */
  attempts: StepAttempt[];
  /** How the step counts toward the run's result, as the runbook said. */
  rules: StepRules;
  /** The step's Runme cell id (`id` attribute): stable across edits that rename the step. */
  stepId?: string;
}

/** One version of the runbook a run used: the first is the one it started with. */
export interface RunbookVersion {
  sha256: string;
  /** The source text; absent for versions accepted before Runlog kept every version's source. */
  source?: string;
  /** When the run started with it, or when the operator accepted it. */
  acceptedAt: string;
  /**
   * Why it could run: shipped with Runlog, trusted by the operator in this content, or trusted
   * by the team in its ledger.
   */
  trust?: 'bundled' | 'operator' | 'team';
}

/** One thing that keeps a run from a plain "passed", for a person to read before finishing. */
export interface OutcomeNote {
  kind: 'pending' | 'failed' | 'skipped' | 'flagged' | 'optional-not-done' | 'not-runnable';
  /** The step, or the steps of an alternative group ("do one of these"). */
  steps: string[];
  /** The skip reason, the flag, what the group is, or why the step cannot run as written. */
  detail?: string;
}

/** What finishing a run now would record, and why. */
export interface RunOutcome {
  status: FinishedStatus;
  notes: OutcomeNote[];
}

export type RunEventType =
  | 'run-started'
  | 'step-started'
  | 'step-ended'
  | 'step-stopped'
  | 'gate-confirmed'
  | 'attested'
  | 'skipped'
  | 'runbook-changed'
  | 'runbook-accepted'
  | 'engine-died'
  | 'interrupted'
  | 'run-resumed'
  | 'run-left-open'
  | 'run-finished'
  | 'notice'
  | 'env-answered'
  | 'background-stopped';

export interface RunEvent {
  at: string;
  type: RunEventType;
  stepName?: string;
  detail?: string;
}

/** A run with everything recorded about it. */
export interface RunDetail extends RunSummary {
  /** The source text of the runbook version the run started with (`versions[0]`). */
  runbookSource: string;
  /** Every version of the runbook the run used, in order; each attempt names the one it ran. */
  versions: RunbookVersion[];
  /** Every step of the runbook in runbook order, with its current result and all its attempts. */
  steps: StepExecution[];
  events: RunEvent[];
  /** Absolute path of the run's working folder. */
  folder: string;
  /** What finishing the run now would record (for a finished run: what it was finished with). */
  outcome: RunOutcome;
}

/** A step of a run's plan: what createRun and an accepted version record for each step. */
export interface PlannedStep {
  name: string;
  kind: StepKind;
  /** The text the step shows (config text with the run's parameters substituted). */
  text: string;
  /** 'pending', or 'not-applicable' with the reason. */
  status: StepStatus;
  reason?: string;
  /** Default: required, no alternative (the rules of runs recorded before there were any). */
  rules?: StepRules;
  /** The step's Runme cell id, when it has one. */
  id?: string;
}

/** What the recorder needs to know about the step an attempt is for. */
export interface AttemptStep {
  name: string;
  kind: StepKind;
  text: string;
  /** The runbook version the attempt runs; default: the version the run uses now. */
  runbookSha256?: string;
}

/** Who holds an open run: a live process refuses another's resume, naming itself. */
export interface RunHolder {
  /** 'app', 'host' (runlog serve) or 'cli'. */
  door: string;
  pid: number;
  host: string;
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
    /** How the version could run (bundled or trusted by the operator). */
    trust?: RunbookVersion['trust'];
    context: RunContext;
    /** Already redacted. */
    params: Record<string, string>;
    folder: string;
    startedAt: string;
    /** Every step of the runbook in order. */
    steps: PlannedStep[];
  }): void;
  /**
   * Returns the new execution's id. `secrets` are the run's secret values, for blanking out of
   * the text as a terminal shows it; kept in memory only, never stored.
   */
  stepStarted(
    runId: string,
    step: AttemptStep & { startedAt: string; secrets?: readonly string[] },
  ): number;
  /** Raw pty bytes, in order; the store batches writes and derives the plain text. */
  appendOutput(executionId: number, bytes: Uint8Array): void;
  stepEnded(
    executionId: number,
    result: {
      status: StepStatus;
      flag?: StepFlag;
      exitCode?: number;
      signal?: string;
      endedAt: string;
      artifacts: Artifact[];
    },
  ): void;
  attest(runId: string, step: AttemptStep, attestation: Attestation): number;
  /** The operator skips a step with a reason; returns the new execution's id. */
  skip(runId: string, step: AttemptStep, skip: { reason: string; at: string }): number;
  /** The operator accepted another version of the runbook; its plan replaces the old one's. */
  versionAccepted(
    runId: string,
    version: Required<Pick<RunbookVersion, 'sha256' | 'source' | 'acceptedAt'>> &
      Pick<RunbookVersion, 'trust'>,
    steps: PlannedStep[],
  ): void;
  event(runId: string, event: RunEvent): void;
  finishRun(runId: string, status: RunStatus, endedAt: string): void;
  /**
   * Takes an open (or interrupted) run for this process and returns it as recorded. Refused with
   * the holder when a live process holds it, and for a finished run.
   */
  claimRun(runId: string): RunDetail;
  /** Leaves an open run to be resumed later: held by no process, and not "interrupted". */
  releaseRun(runId: string): void;
  /** Forces buffered output to disk (called on stop and before exit). */
  flush(): void;
}
