/**
 * One execution of a command step, from launch to a recorded verdict: the pty's bytes go to the
 * history (secrets blanked) and, as text, to the execution's display stream (the viewers and the
 * screen mirror), the artifacts are hashed once it ends, and the
 * verdict (status and flag) follows the step's `expect` and `openEnded`. A history that refuses a
 * write stops the step, so nothing runs unrecorded.
 */
import type { Step } from '../runbook/model.js';
import type { RunRecorder, StepStatus } from '../run-model.js';
import { collectArtifacts } from './artifacts.js';
import type { EngineEvents, StepOutcome } from './engine-types.js';
import { DisplayStream } from './display-stream.js';
import { DEFAULT_SIZE } from './pty-session.js';
import { baseEnv, now, type RunState } from './run-state.js';
import { saveCarried } from './run-resume.js';
import { SecretRedactor } from './secret-redactor.js';
import { launchStep, type LaunchedStep } from './step-process.js';
import { verdict } from './step-verdict.js';

/** What an execution needs from the engine. */
export interface ExecutionContext {
  recorder: RunRecorder;
  platform: NodeJS.Platform;
  emit<K extends keyof EngineEvents>(name: K, payload: EngineEvents[K]): void;
}

/** Runs `step` of `run` in a pty and resolves once it ended and was recorded. */
export async function executeStep(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  text: string,
): Promise<StepOutcome> {
  const started = launch(ctx, run, step, text);
  try {
    return await settle(ctx, run, step, text, started);
  } finally {
    run.running = undefined;
  }
}

/** A launched execution: its id, attempt number, and how its recording went. */
interface Started {
  launched: LaunchedStep;
  executionId: number;
  attempt: number;
  startedAt: string;
  redactor: SecretRedactor;
  /** Set when the history refuses a write (a full disk): the step is stopped, never run unrecorded. */
  recordError: { error?: Error };
}

/** Starts the step in its pty and records that it started. */
function launch(ctx: ExecutionContext, run: RunState, step: Step, text: string): Started {
  const { recorder } = ctx;
  const startedAt = now();
  const redactor = new SecretRedactor(run.secrets);
  const recordError: Started['recordError'] = {};
  run.sequence += 1;
  let executionId = 0;
  /** The execution's display, made once it has its id (before the pty's first output arrives). */
  const view: { display?: DisplayStream } = {};
  const launched = launchStep({
    step,
    sequence: run.sequence,
    runbookShell: run.runbook.shell,
    runFolder: run.folder,
    stateDir: run.stateDir,
    platform: ctx.platform,
    baseEnv: baseEnv(run, step),
    secretNames: run.runbook.params.filter((p) => p.secret).map((p) => p.name),
    carried: run.carried,
    cols: run.size?.cols,
    rows: run.size?.rows,
    onBytes: (bytes) => {
      // No secret to blank: the bytes go on as they are (the writer copies what it keeps).
      const safe = redactor.empty ? bytes : redactor.push(bytes);
      if (safe.length === 0 || recordError.error) return;
      try {
        recorder.appendOutput(executionId, safe);
      } catch (err) {
        recordError.error = err as Error;
        cannotRecord(ctx, run, step, recordError.error, launched.session);
      }
    },
    onText: (data) => view.display?.push(data),
  });
  executionId = recorder.stepStarted(run.id, {
    name: step.name,
    kind: step.kind,
    text,
    runbookSha256: run.pinnedSha,
    startedAt,
    secrets: run.secrets,
  });
  view.display = openDisplay(ctx, run, step, executionId);
  const attempt = (run.steps.get(step.name)?.attempts ?? 0) + 1;
  run.running = {
    step: step.name,
    executionId,
    session: launched.session,
    interactive: step.interactive,
  };
  run.steps.set(step.name, { status: 'running', attempts: attempt, text });
  ctx.emit('step:state', {
    runId: run.id,
    step: step.name,
    executionId,
    status: 'running',
    startedAt,
    attempt,
  });
  return { launched, executionId, attempt, startedAt, redactor, recordError };
}

/** The new execution's display stream; it replaces the run's previous one. */
function openDisplay(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  executionId: number,
): DisplayStream {
  run.display?.dispose();
  run.display = new DisplayStream(
    { runId: run.id, step: step.name, executionId },
    run.size ?? DEFAULT_SIZE,
    (name, payload) => ctx.emit(name, payload),
  );
  return run.display;
}

/** Waits for the step's end, judges it, hashes its artifacts and records it all. */
async function settle(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  text: string,
  s: Started,
): Promise<StepOutcome> {
  const { recorder } = ctx;
  const { result, carried } = await s.launched.finished;
  const tail = s.redactor.end();
  if (tail.length > 0 && !s.recordError.error) recorder.appendOutput(s.executionId, tail);
  if (carried) {
    run.carried = carried;
    saveCarried(run);
  }
  const artifacts = await collectArtifacts(run.folder, step.artifacts).catch(() => []);
  let judged = verdict(step, {
    end: result.end,
    exitCode: result.exitCode,
    stoppedByOperator: run.running?.stoppedByOperator === true,
  });
  if (s.recordError.error) judged = { status: 'failed' };
  const ended = { exitCode: result.exitCode, signal: result.signal, endedAt: result.endedAt };
  try {
    recorder.stepEnded(s.executionId, { ...judged, ...ended, artifacts });
  } catch (err) {
    // The step ended but its end cannot be written: report it; the next start marks it interrupted.
    judged = { status: 'failed' as StepStatus };
    if (!s.recordError.error) cannotRecord(ctx, run, step, err as Error);
  }
  run.steps.set(step.name, { ...judged, attempts: s.attempt, text });
  ctx.emit('step:state', {
    runId: run.id,
    step: step.name,
    executionId: s.executionId,
    ...judged,
    ...ended,
    startedAt: s.startedAt,
    attempt: s.attempt,
  });
  return { ...judged, ...ended, startedAt: s.startedAt, artifacts };
}

/** The history refused a write: tell the operator and stop the step rather than run it unrecorded. */
function cannotRecord(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  err: Error,
  session?: { stop(end: 'stopped'): Promise<unknown> },
): void {
  ctx.emit('run:notice', {
    runId: run.id,
    message:
      `Step "${step.name}": its output cannot be written to the history (${err.message}). ` +
      'The step was stopped so that nothing runs unrecorded; free space in the data folder and run it again.',
  });
  void session?.stop('stopped').catch(() => {});
}
