/**
 * What the engine keeps about each open run, and the checks made before a step runs: the plan
 * (applicable or not, and why), the pinned runbook hash, and the step's environment.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { languagePlatformProblem } from '../runbook/languages.js';
import { appliesTo, stepErrors, type Runbook, type Step } from '../runbook/model.js';
import type { RunbookVersion, RunEvent, RunRecorder, StepFlag, StepStatus } from '../run-model.js';
import { runOutcome, type OutcomeStep } from '../run-outcome.js';
import { EngineError } from './errors.js';
import type { DisplayStream } from './display-stream.js';
import type { PtySession } from './pty-session.js';
import type { CarriedState } from './shell-state.js';

/** A step's current result in an open run (its last attempt), and how many attempts it has. */
export interface StepState {
  status: StepStatus;
  reason?: string;
  flag?: StepFlag;
  attempts: number;
  /** The text of its last attempt: a step whose text changed since is pending again. */
  text?: string;
}

export interface Running {
  step: string;
  executionId: number;
  session: PtySession;
  interactive: boolean;
  /** The operator asked for the stop (an open-ended step then ends normally). */
  stoppedByOperator?: boolean;
}

/** A background step still running: it ends by itself or is stopped when the run finishes. */
export interface BackgroundStep extends Running {
  /** Resolves once it ended and was recorded. */
  settled: Promise<unknown>;
}

export interface RunState {
  id: string;
  folder: string;
  stateDir: string;
  runbook: Runbook;
  pinnedSha: string;
  /** How the pinned version could run. */
  trust?: RunbookVersion['trust'];
  params: Record<string, string>;
  secrets: string[];
  /** Secret parameters whose values a resumed run does not have yet: no command runs without them. */
  missingSecrets: string[];
  open: boolean;
  /** The runbook file changed (or vanished) and the operator has not accepted it yet. */
  changed: 'changed' | 'missing' | undefined;
  steps: Map<string, StepState>;
  carried: CarriedState;
  sequence: number;
  running?: Running;
  /** Background steps still running, by step name. */
  background: Map<string, BackgroundStep>;
  /** The run was started for these categories only (the others are not applicable). */
  categories?: string[];
  stopRequested: boolean;
  size?: { cols: number; rows: number };
  /** What viewers see of the latest execution; kept after it ends, for its final screen. */
  display?: DisplayStream;
}

export const MANUAL_KINDS = new Set(['checklist', 'config']);
/** Environment variables of the engine process itself that steps have no business seeing. */
const ENGINE_PRIVATE_ENV = /^(RUNLOG_ENGINE_|RUNLOG_CONTEXT$|ELECTRON_RUN_AS_NODE$)/;
export const now = () => new Date().toISOString();

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A run id that sorts by start time: UTC timestamp plus a random suffix. */
export function newRunId(at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

/** Prefix of the detail of a run-started event that scopes the run to categories. */
export const CATEGORIES_DETAIL = 'categories: ';

/** The categories a run was started for (from its run-started event), or none. */
export function categoriesOfRun(events: readonly RunEvent[]): string[] | undefined {
  const detail = events.find((e) => e.type === 'run-started')?.detail;
  if (!detail?.startsWith(CATEGORIES_DETAIL)) return undefined;
  return detail.slice(CATEGORIES_DETAIL.length).split(',').filter(Boolean);
}

/**
 * The categories a run is started for, each one some step has (a run of a category no step is in
 * would pass having run nothing); undefined for a whole run.
 */
export function checkCategories(
  runbook: Runbook,
  categories: readonly string[] | undefined,
): string[] | undefined {
  if (!categories?.length) return undefined;
  const known = new Set(runbook.steps.flatMap((s) => s.categories ?? []));
  const unknown = categories.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new EngineError(
      'bad-params',
      `No step of "${runbook.id}" is in the category ${unknown.join(', ')} (categories: ${[...known].join(', ') || 'none'}).`,
    );
  }
  return [...new Set(categories)];
}

/**
 * Why a step cannot run in this run, or undefined when it can: shown only, ignored, for another
 * platform or language, or outside the categories the run was started for.
 */
export function notApplicableReason(
  step: Step,
  platform: string,
  categories?: readonly string[],
): string | undefined {
  if (step.ignored) return 'ignored (ignore=true)';
  if (categories?.length && !(step.categories ?? []).some((c) => categories.includes(c)))
    return `category: not in ${categories.join(', ')}`;
  if (step.kind === 'display') return 'display only';
  if (!appliesTo(step, platform))
    return `platform: ${platform} not in ${step.platforms.join(', ')}`;
  if (step.kind !== 'command' || step.interpreter) return undefined;
  return languagePlatformProblem(step.language, platform);
}

/**
 * Why a step cannot run as written (its own error in the runbook: a wrong gate, platform, exit
 * code…), or undefined when it can. The plan records it, and the outcome counts the step as not
 * runnable until the runbook is fixed.
 */
export function blockedReason(runbook: Pick<Runbook, 'problems'>, step: Step): string | undefined {
  const first = stepErrors(runbook, step.name)[0];
  return first ? `cannot run: line ${first.line}: ${first.message}` : undefined;
}

/** Reads the runbook source the run pins; refuses a file that changed since it was parsed. */
export function readPinnedSource(runbook: Runbook): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(runbook.file);
  } catch (error) {
    throw new EngineError(
      'runbook-missing',
      `${runbook.file}: cannot read the runbook (${(error as Error).message}).`,
    );
  }
  if (sha256(bytes) !== runbook.sha256) {
    throw new EngineError(
      'runbook-changed',
      `${runbook.file}: the file changed since it was loaded; reload it and start again.`,
    );
  }
  return bytes.toString('utf8');
}

/**
 * Re-hashes the runbook file before a step. A change (or deletion) is recorded and announced
 * once, and refused until the operator accepts the new version.
 */
export function checkRunbookUnchanged(
  run: RunState,
  recorder: RunRecorder,
  notice: (message: string) => void,
): void {
  const file = run.runbook.file;
  let state: RunState['changed'];
  try {
    state = sha256(readFileSync(file)) === run.pinnedSha ? undefined : 'changed';
  } catch {
    state = 'missing';
  }
  if (!state && !run.changed) return;
  if (state && run.changed !== state) {
    run.changed = state;
    const detail = state === 'missing' ? 'file deleted' : 'file changed';
    recorder.event(run.id, { at: now(), type: 'runbook-changed', detail });
    notice(
      `${file}: the runbook ${state === 'missing' ? 'was deleted' : 'changed'} during the run.`,
    );
  }
  if (run.changed === 'missing') {
    throw new EngineError(
      'runbook-missing',
      `${file}: the runbook file was deleted during the run; restore it to run more steps. Everything recorded so far is kept.`,
    );
  }
  throw new EngineError(
    'runbook-changed',
    `${file}: the runbook changed since the run started; accept the new version or start a new run.`,
  );
}

/** Refuses a step that cannot be run now, with the reason as an EngineError code. */
export function checkRunnable(run: RunState, step: Step): void {
  if (run.running)
    throw new EngineError(
      'step-running',
      `Step "${run.running.step}" of this run is still running.`,
    );
  const state = run.steps.get(step.name);
  if (state?.status === 'not-applicable') {
    throw new EngineError(
      'not-applicable',
      `Step "${step.name}" is not applicable here (${state.reason}).`,
    );
  }
  if (MANUAL_KINDS.has(step.kind)) {
    throw new EngineError(
      'manual-step',
      `Step "${step.name}" is a ${step.kind} step: attest it instead of running it.`,
    );
  }
  if (step.kind !== 'command')
    throw new EngineError('not-a-command', `Step "${step.name}" is shown, not run.`);
  if (run.background.has(step.name))
    throw new EngineError(
      'step-running',
      `Step "${step.name}" is still running in the background; stop it first.`,
    );
  const errors = stepErrors(run.runbook, step.name);
  if (errors.length > 0) {
    const list = errors.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    throw new EngineError(
      'step-invalid',
      `Step "${step.name}" cannot run until its problems are fixed:\n${list.join('\n')}`,
      list,
    );
  }
}

/** Operator environment + parameters (only as variables) + the RUNLOG_* variables of the step. */
export function baseEnv(run: RunState, step: Step): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !ENGINE_PRIVATE_ENV.test(k)) env[k] = v;
  return {
    ...env,
    ...run.params,
    RUNLOG_RUN_ID: run.id,
    RUNLOG_RUN_DIR: run.folder,
    RUNLOG_STEP: step.name,
  };
}

/** A step of the pinned runbook as the outcome model sees it. */
export function outcomeStep(run: RunState, step: Step): OutcomeStep {
  const state = run.steps.get(step.name) ?? { status: 'pending', attempts: 0 };
  const blocked = blockedReason(run.runbook, step);
  return {
    name: step.name,
    rules: step.rules ?? {},
    // A display block is shown, never run: not a step of the run (it is planned so, too).
    status: step.kind === 'display' ? 'not-applicable' : state.status,
    flag: state.flag,
    reason: state.reason,
    attempted: state.attempts > 0,
    ...(blocked ? { blocked } : {}),
  };
}

/** What finishing the run now would record, from its steps' current results. */
export function outcomeOfRun(run: RunState) {
  return runOutcome(run.runbook.steps.map((step) => outcomeStep(run, step)));
}
