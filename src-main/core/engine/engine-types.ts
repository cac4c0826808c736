/**
 * The engine's request, outcome and event shapes, shared by the in-process Engine, the protocol
 * of the forked engine and its client.
 */
import type { Runbook } from '../runbook/model.js';
import type { Artifact, RunStatus, StepStatus } from '../run-model.js';

export interface StartRunRequest {
  runbook: Runbook;
  params: Record<string, string>;
}

export interface StartRunResult {
  runId: string;
  folder: string;
}

export interface RunStepRequest {
  runId: string;
  step: string;
  /** The operator confirmed a `sudo` / `confirm` step. */
  confirmed?: boolean;
}

export interface StepOutcome {
  status: StepStatus;
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
}

export type RunAllStopReason = 'failed' | 'needs-confirmation' | 'pending-manual' | 'stopped';

export interface RunAllResult {
  stoppedAt?: { step: string; reason: RunAllStopReason };
}

export interface AttestRequest {
  runId: string;
  step: string;
  done: boolean;
  note?: string;
  device?: string;
}

/** Details carried by a 'needs-confirmation' refusal, for a UI to show before asking again. */
export interface ConfirmationDetails {
  step: string;
  text: string;
  sudo: boolean;
  confirm?: string;
}

/** Events the engine emits, by name. */
export interface EngineEvents {
  'step:output': { runId: string; step: string; executionId: number; data: string };
  'step:state': {
    runId: string;
    step: string;
    executionId: number;
    status: StepStatus;
    exitCode?: number;
    signal?: string;
    startedAt?: string;
    endedAt?: string;
  };
  'run:state': { runId: string; status: RunStatus };
  'run:notice': { runId: string; message: string };
}

export type EngineEventName = keyof EngineEvents;

/** An event map in the shape Node's typed EventEmitter takes: each event's listener arguments. */
export type ListenerArgs<E> = { [K in keyof E]: [payload: E[K]] };

export const ENGINE_EVENT_NAMES: readonly EngineEventName[] = [
  'step:output',
  'step:state',
  'run:state',
  'run:notice',
];
