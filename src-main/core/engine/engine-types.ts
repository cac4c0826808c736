/**
 * The engine's request, outcome and event shapes, shared by the in-process Engine, the protocol
 * of the forked engine and its client.
 */
import type { HiddenChar } from '../runbook/hidden-text.js';
import type { Runbook } from '../runbook/model.js';
import type { Artifact, RunbookVersion, RunStatus, StepFlag, StepStatus } from '../run-model.js';

export interface StartRunRequest {
  runbook: Runbook;
  params: Record<string, string>;
  /** Why this version may run (bundled, or trusted by the operator), kept with the version. */
  trust?: RunbookVersion['trust'];
  /** Only the steps of these Runme categories: the others are not applicable in this run. */
  categories?: string[];
}

export interface StartRunResult {
  runId: string;
  folder: string;
}

export interface RunStepRequest {
  runId: string;
  /** The step's name, one of its aliases (its Runme name) or its Runme cell id. */
  step: string;
  /** The operator confirmed a `sudo` / `confirm` step. */
  confirmed?: boolean;
  /**
   * The operator's values for the variables the step exports (promptEnv), by name; a variable
   * left out keeps the value written in the step. Without it, a step that would ask is refused
   * with 'needs-env' and the variables to ask for.
   */
  env?: Record<string, string>;
}

/** A variable to ask the operator for before a step runs (promptEnv). */
export interface EnvQuestion {
  name: string;
  /** The value written in the step, offered as the answer when the operator gives none. */
  value: string;
  /** The name suggests a secret: ask without echo, and never record the value. */
  secret: boolean;
}

/** Details carried by a 'needs-env' refusal: the step and what to ask. */
export interface EnvQuestions {
  step: string;
  questions: EnvQuestion[];
}

export interface StepOutcome {
  status: StepStatus;
  flag?: StepFlag;
  exitCode?: number;
  signal?: string;
  startedAt?: string;
  endedAt?: string;
  artifacts: Artifact[];
}

export interface RunAllRequest {
  runId: string;
  /** Names of gated steps the operator confirmed beforehand. */
  confirmed?: string[];
  /** Every gated step counts as confirmed (the CLI's `--yes`). */
  confirmAll?: boolean;
  /** Run past failures. */
  keepGoing?: boolean;
  /** Do not pause at pending manual steps. */
  skipManual?: boolean;
  /** Pending manual steps to walk past this time, left pending (the CLI without an answer). */
  pass?: string[];
  /** Stop before these steps while they are not settled (the CLI answers them in turn). */
  pauseAt?: string[];
  /** Pause at optional manual steps and those excluded from run all too (the CLI asks them). */
  askOptional?: boolean;
  /** Only the steps of these categories (Runme's `category` / `tag`); absent or empty: every step. */
  categories?: string[];
  /** Values for the exported variables of steps, by step name (see RunStepRequest.env). */
  env?: Record<string, Record<string, string>>;
  /** Run steps with their written values instead of stopping to ask (no one to ask). */
  envDefaults?: boolean;
}

export type RunAllStopReason =
  | 'failed'
  | 'needs-confirmation'
  | 'needs-params'
  | 'needs-env'
  | 'pending-manual'
  | 'paused'
  | 'stopped'
  | 'invalid';

export interface RunAllResult {
  stoppedAt?: {
    step: string;
    reason: RunAllStopReason;
    /** 'needs-env': the variables to ask for. */
    questions?: EnvQuestion[];
    /** 'invalid': what keeps the step from running, `file:line:column: message` each. */
    problems?: string[];
  };
}

export interface AttestRequest {
  runId: string;
  step: string;
  done: boolean;
  note?: string;
  device?: string;
}

/** The operator skips a step on purpose, saying why; recorded like any attempt. */
export interface SkipRequest {
  runId: string;
  step: string;
  reason: string;
}

/** Accepting the runbook file as it is now: the client names the version it reviewed. */
export interface AcceptChangeRequest {
  runId: string;
  /** SHA-256 of the file content the operator reviewed; the file must have exactly this one. */
  sha256: string;
  /** Why this version may run (checked by the caller: bundled, or trusted by the operator). */
  trust: NonNullable<RunbookVersion['trust']>;
}

/** Taking over an open or interrupted run (after a restart, from another door). */
export interface ResumeRunRequest {
  runId: string;
  /** Values of secret parameters (they are never stored, so a resumed run asks for them again). */
  params?: Record<string, string>;
  /** The runbook file ships with Runlog. */
  bundled?: boolean;
}

export interface ResumeRunResult {
  runId: string;
  folder: string;
  /** Secret parameters still without a value: commands wait for them, answers do not. */
  missingSecrets: string[];
}

/** Details carried by a 'needs-confirmation' refusal, for a UI to show before asking again. */
export interface ConfirmationDetails {
  step: string;
  /** The exact text that will run. */
  text: string;
  sudo: boolean;
  confirm?: string;
  /**
   * Characters of `text` that do not show on screen (invisible, bidirectional, control), each
   * with its line and column: why a step without `sudo` or `confirm` is gated too. Absent when none.
   */
  hidden?: HiddenChar[];
  /** The parameters that will be in the step's environment (secret values redacted). */
  params: Record<string, string>;
  /** The runbook version the text comes from. */
  runbookSha256: string;
}

/** Events the engine emits, by name. */
export interface EngineEvents {
  /** A batch of a step's output as text (whole characters), at offset `at` of its execution. */
  'step:output': { runId: string; step: string; executionId: number; at: number; data: string };
  /**
   * A step's screen as it is after the first `at` characters of its output, serialised: a viewer
   * writes it to a reset terminal, then the batches from `at` on. Sent to a viewer that appeared
   * after the step began or fell too far behind, instead of the output it did not get.
   */
  'step:screen': {
    runId: string;
    step: string;
    executionId: number;
    at: number;
    data: string;
    /** False when part of the output is no longer on the screen or its scrollback. */
    complete: boolean;
    /** Characters of output before `at` that this viewer was not sent (they are in the history). */
    skipped?: number;
  };
  'step:state': {
    runId: string;
    step: string;
    executionId: number;
    status: StepStatus;
    flag?: StepFlag;
    exitCode?: number;
    signal?: string;
    startedAt?: string;
    endedAt?: string;
    /** The step's attempt number (1 for its first). */
    attempt?: number;
  };
  'run:state': { runId: string; status: RunStatus };
  /**
   * Something the operator must be told. `runbookChanged`: the runbook file changed or vanished,
   * and no step runs until the new version is accepted (other notices block nothing).
   */
  'run:notice': { runId: string; message: string; runbookChanged?: true };
}

export type EngineEventName = keyof EngineEvents;

/** An event map in the shape Node's typed EventEmitter takes: each event's listener arguments. */
export type ListenerArgs<E> = { [K in keyof E]: [payload: E[K]] };

export const ENGINE_EVENT_NAMES: readonly EngineEventName[] = [
  'step:output',
  'step:screen',
  'step:state',
  'run:state',
  'run:notice',
];
