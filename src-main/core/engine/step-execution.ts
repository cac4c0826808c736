/**
 * One execution of a command step, from launch to a recorded verdict: the pty's bytes go to the
 * history (secrets blanked) and, as text, to the execution's display stream (the viewers and the
 * screen mirror), the artifacts are hashed once it ends, and the
 * verdict (status and flag) follows the step's `expect` and `openEnded`. A history that refuses a
 * write stops the step, so nothing runs unrecorded.
 *
 * A foreground step holds the run until it ends. A background step (Runme's `background`) is
 * recorded the same way but holds nothing: the walk goes on, and it ends by itself or is stopped
 * when the run finishes; stopping it is its normal end, and what it exports is not carried on.
 */
import type { Step } from '../runbook/model.js';
import type { RunRecorder, StepStatus } from '../run-model.js';
import { collectArtifacts } from './artifacts.js';
import type { EngineEvents, StepOutcome } from './engine-types.js';
import { DisplayStream } from './display-stream.js';
import { EngineError, type EngineErrorCode } from './errors.js';
import { DEFAULT_SIZE } from './pty-session.js';
import { baseEnv, now, type Running, type RunState } from './run-state.js';
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

/** The text to run and the operator's values for the step's exported variables. */
export interface ExecutionInput {
  text: string;
  answers?: Record<string, string>;
}

/** A started execution: where it is recorded, and its end. */
interface Started {
  running: Running;
  startedAt: string;
  attempt: number;
  settled: Promise<StepOutcome>;
}

/**
 * Runs `step` of `run` in a pty. A foreground step resolves once it ended and was recorded; a
 * background step resolves as soon as it runs (status `running`) and is recorded when it ends.
 */
export async function executeStep(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  input: ExecutionInput,
): Promise<StepOutcome> {
  let started: Started;
  try {
    started = startExecution(ctx, run, step, input);
  } catch (err) {
    if (err instanceof EngineError && LAUNCH_FAILURES.has(err.code))
      return recordLaunchFailure(ctx, run, step, err);
    throw err;
  }
  if (step.background) {
    // The same object the execution watches: a stop marked on it is seen when it ends.
    run.background.set(step.name, Object.assign(started.running, { settled: started.settled }));
    void started.settled.finally(() => run.background.delete(step.name));
    return { status: 'running', startedAt: started.startedAt, artifacts: [] };
  }
  run.running = started.running;
  try {
    return await started.settled;
  } finally {
    run.running = undefined;
  }
}

/**
 * Records that an attempt of the step started; the run's secrets go with it (in memory only), so
 * the history keeps them out of the attempt's text and output.
 */
function recordStart(recorder: RunRecorder, run: RunState, step: Step, startedAt: string): number {
  return recorder.stepStarted(run.id, {
    name: step.name,
    kind: step.kind,
    text: step.text,
    runbookSha256: run.pinnedSha,
    startedAt,
    secrets: run.secrets,
  });
}

/** Launches the step in its pty, records that it started, and watches for its end. */
function startExecution(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  input: ExecutionInput,
): Started {
  const { recorder } = ctx;
  const startedAt = now();
  const redactor = new SecretRedactor(run.secrets);
  run.sequence += 1;
  const record: { executionId: number; error?: Error } = { executionId: 0 };
  /** The execution's display, made once it has its id (before the pty's first output arrives). */
  const view: { display?: DisplayStream } = {};
  const launched: LaunchedStep = launchStep({
    step,
    text: input.text,
    answers: input.answers,
    runbook: run.runbook,
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
      if (safe.length === 0 || record.error) return;
      try {
        recorder.appendOutput(record.executionId, safe);
      } catch (err) {
        record.error = err as Error;
        cannotRecord(ctx, run, step, record.error, launched.session);
      }
    },
    onText: (data) => view.display?.push(data),
  });
  record.executionId = recordStart(recorder, run, step, startedAt);
  const display = (view.display = openDisplay(ctx, run, step, record.executionId));
  if (launched.notice) {
    recorder.event(run.id, {
      at: now(),
      type: 'notice',
      stepName: step.name,
      detail: launched.notice,
    });
    ctx.emit('run:notice', { runId: run.id, message: launched.notice });
  }
  const attempt = (run.steps.get(step.name)?.attempts ?? 0) + 1;
  const running: Running = {
    step: step.name,
    executionId: record.executionId,
    session: launched.session,
    interactive: step.interactive && !step.background,
  };
  run.steps.set(step.name, { status: 'running', attempts: attempt, text: step.text });
  const { executionId } = record;
  ctx.emit('step:state', {
    runId: run.id,
    step: step.name,
    executionId,
    status: 'running',
    startedAt,
    attempt,
  });
  const settled = settle(ctx, run, step, {
    launched,
    redactor,
    record,
    running,
    display,
    startedAt,
    attempt,
  });
  return { running, startedAt, attempt, settled };
}

/**
 * The new execution's display stream. A foreground step's replaces the run's previous one and
 * stays until the next (a viewer that comes late still gets its last screen); a background step's
 * is its own, and ends with it.
 */
function openDisplay(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  executionId: number,
): DisplayStream {
  const display = new DisplayStream(
    { runId: run.id, step: step.name, executionId },
    run.size ?? DEFAULT_SIZE,
    (name, payload) => ctx.emit(name, payload),
  );
  if (step.background) return display;
  run.display?.dispose();
  run.display = display;
  return display;
}

/** A launched execution as its end is waited for: what it writes to and how its recording went. */
interface Live {
  launched: LaunchedStep;
  redactor: SecretRedactor;
  /** `error` is set when the history refuses a write (a full disk): the step is stopped, never run unrecorded. */
  record: { executionId: number; error?: Error };
  running: Running;
  display: DisplayStream;
  startedAt: string;
  attempt: number;
}

/** Waits for the execution's end and records its verdict, artifacts and (foreground) carried state. */
async function settle(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  live: Live,
): Promise<StepOutcome> {
  const { recorder } = ctx;
  const { record, startedAt, attempt } = live;
  const { executionId } = record;
  const { result, carried } = await live.launched.finished;
  const tail = live.redactor.end();
  if (tail.length > 0 && !record.error) recorder.appendOutput(executionId, tail);
  if (carried && !step.background) {
    run.carried = carried;
    saveCarried(run);
  }
  const artifacts = await collectArtifacts(run.folder, step.artifacts).catch(() => []);
  let judged = verdict(step, {
    end: result.end,
    exitCode: result.exitCode,
    stoppedByOperator: live.running.stoppedByOperator === true,
  });
  if (record.error) judged = { status: 'failed' };
  const ended = { exitCode: result.exitCode, signal: result.signal, endedAt: result.endedAt };
  try {
    recorder.stepEnded(executionId, { ...judged, ...ended, artifacts });
  } catch (err) {
    // The step ended but its end cannot be written: report it; the next start marks it interrupted.
    judged = { status: 'failed' as StepStatus };
    if (!record.error) cannotRecord(ctx, run, step, err as Error);
  }
  run.steps.set(step.name, { ...judged, attempts: attempt, text: step.text });
  ctx.emit('step:state', {
    runId: run.id,
    step: step.name,
    executionId,
    ...judged,
    ...ended,
    startedAt,
    attempt,
  });
  if (step.background) live.display.dispose();
  return { ...judged, ...ended, startedAt, artifacts };
}

/** Why a step could not start that is the step's own failure (its program, its folder), not the caller's. */
const LAUNCH_FAILURES: ReadonlySet<EngineErrorCode> = new Set(['no-interpreter', 'bad-cwd']);

/**
 * A step whose program is not installed, or whose folder does not exist, failed: recorded as an
 * attempt whose output is the reason, so the walk, the record and the evidence all say why.
 */
function recordLaunchFailure(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  err: EngineError,
): StepOutcome {
  const startedAt = now();
  const attempt = (run.steps.get(step.name)?.attempts ?? 0) + 1;
  const executionId = recordStart(ctx.recorder, run, step, startedAt);
  const message = `runlog: ${err.message}\r\n`;
  ctx.recorder.appendOutput(executionId, Buffer.from(message, 'utf8'));
  const display = openDisplay(ctx, run, step, executionId);
  display.push(message);
  if (step.background) display.dispose();
  const endedAt = now();
  ctx.recorder.stepEnded(executionId, { status: 'failed', endedAt, artifacts: [] });
  run.steps.set(step.name, { status: 'failed', attempts: attempt, text: step.text });
  ctx.emit('step:state', {
    runId: run.id,
    step: step.name,
    executionId,
    status: 'failed',
    startedAt,
    endedAt,
    attempt,
  });
  return { status: 'failed', startedAt, endedAt, artifacts: [] };
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
