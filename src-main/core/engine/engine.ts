/**
 * The engine: starts runs, runs their steps in real pseudo-terminals, gates what needs the
 * operator's word, and tells a RunRecorder everything worth keeping. It knows nothing of
 * Electron or any UI; the API service, the CLI and the forked engine process all drive it.
 */
import { EventEmitter } from 'node:events';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrors, type Runbook, type Step } from '../runbook/model.js';
import { resolveParams } from '../runbook/params.js';
import {
  REDACTED,
  type RunContext,
  type RunRecorder,
  type RunStatus,
  type StepStatus,
} from '../run-model.js';
import { collectArtifacts } from './artifacts.js';
import type {
  AttestRequest,
  ConfirmationDetails,
  EngineEvents,
  ListenerArgs,
  RunAllRequest,
  RunAllResult,
  RunStepRequest,
  StartRunRequest,
  StartRunResult,
  StepOutcome,
} from './engine-types.js';
import { EngineError } from './errors.js';
import {
  baseEnv,
  checkRunbookUnchanged,
  checkRunnable,
  MANUAL_KINDS,
  notApplicableReason,
  now,
  overallStatus,
  readPinnedSource,
  sha256,
  newRunId,
  type RunState,
  type StepState,
} from './run-state.js';
import { runStateDir } from './engine-state.js';
import { SecretRedactor } from './secret-redactor.js';
import { launchStep, PRIVATE_DIR_MODE } from './step-process.js';

export { newRunId, notApplicableReason } from './run-state.js';

export interface EngineOptions {
  recorder: RunRecorder;
  dataDir: string;
  context: RunContext;
  platform?: NodeJS.Platform;
  /** Acknowledge output as soon as it is emitted (a caller with no viewer). */
  autoAck?: boolean;
}

/** Runs runbooks: one instance per process, any number of runs, one running step per run. */
export class Engine extends EventEmitter<ListenerArgs<EngineEvents>> {
  private readonly runs = new Map<string, RunState>();
  private readonly platform: NodeJS.Platform;

  constructor(private readonly options: EngineOptions) {
    super();
    this.platform = options.platform ?? process.platform;
  }

  /** Opens a run: checks the runbook and parameters, pins the source and records the plan. */
  startRun(req: StartRunRequest): StartRunResult {
    const { runbook } = req;
    if (hasErrors(runbook)) {
      const list = runbook.problems
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
      throw new EngineError('runbook-invalid', `The runbook has errors:\n${list.join('\n')}`, list);
    }
    const resolved = resolveParams(runbook.params, req.params ?? {});
    if (resolved.errors.length > 0) {
      const messages = resolved.errors.map((e) => e.message);
      throw new EngineError('bad-params', messages.join('\n'), resolved.errors);
    }
    const source = readPinnedSource(runbook);
    const id = newRunId();
    const folder = join(this.options.dataDir, 'runs', id);
    mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
    chmodSync(folder, PRIVATE_DIR_MODE);
    const secretNames = new Set(runbook.params.filter((p) => p.secret).map((p) => p.name));
    const steps = new Map<string, StepState>();
    for (const step of runbook.steps) {
      const reason = notApplicableReason(step, this.platform);
      steps.set(step.name, reason ? { status: 'not-applicable', reason } : { status: 'pending' });
    }
    const run: RunState = {
      id,
      folder,
      stateDir: runStateDir(this.options.dataDir, id),
      runbook,
      pinnedSha: runbook.sha256,
      params: resolved.values,
      secrets: [...secretNames].map((n) => resolved.values[n] ?? '').filter((v) => v !== ''),
      open: true,
      changed: undefined,
      steps,
      carried: { set: {}, unset: [] },
      sequence: 0,
      stopRequested: false,
    };
    this.options.recorder.createRun({
      id,
      runbookId: runbook.id,
      runbookTitle: runbook.title,
      runbookPath: runbook.file,
      runbookSha256: runbook.sha256,
      runbookSource: source,
      context: this.options.context,
      params: Object.fromEntries(
        Object.entries(resolved.values).map(([k, v]) => [k, secretNames.has(k) ? REDACTED : v]),
      ),
      folder,
      startedAt: now(),
      steps: runbook.steps.map((s) => ({
        name: s.name,
        kind: s.kind,
        text: s.text,
        ...steps.get(s.name)!,
      })),
    });
    this.runs.set(id, run);
    this.options.recorder.event(id, { at: now(), type: 'run-started' });
    this.emit('run:state', { runId: id, status: 'open' });
    return { runId: id, folder };
  }

  /** Runs one command step and resolves when it has ended and been recorded. */
  async runStep(req: RunStepRequest): Promise<StepOutcome> {
    const run = this.openRun(req.runId);
    const step = this.findStep(run, req.step);
    checkRunnable(run, step);
    if ((step.sudo || step.confirm) && req.confirmed !== true) {
      const details: ConfirmationDetails = {
        step: step.name,
        text: step.text,
        sudo: step.sudo,
        confirm: step.confirm,
      };
      throw new EngineError(
        'needs-confirmation',
        `Step "${step.name}" ${step.sudo ? 'runs with elevated rights' : 'asks for confirmation'}` +
          `${step.confirm ? `: ${step.confirm}` : ''}. Confirm it to run it.`,
        details,
      );
    }
    checkRunbookUnchanged(run, this.options.recorder, (message) =>
      this.emit('run:notice', { runId: run.id, message }),
    );
    if (step.sudo || step.confirm) {
      this.options.recorder.event(run.id, {
        at: now(),
        type: 'gate-confirmed',
        stepName: step.name,
        detail: step.confirm,
      });
    }
    return this.execute(run, step);
  }

  private async execute(run: RunState, step: Step): Promise<StepOutcome> {
    const recorder = this.options.recorder;
    const startedAt = now();
    const redactor = new SecretRedactor(run.secrets);
    run.sequence += 1;
    let executionId = 0;
    /** Set when the history refuses a write (a full disk): the step is stopped, never run unrecorded. */
    let recordError: Error | undefined;
    const launched = launchStep({
      step,
      sequence: run.sequence,
      runbookShell: run.runbook.shell,
      runFolder: run.folder,
      stateDir: run.stateDir,
      platform: this.platform,
      baseEnv: baseEnv(run, step),
      secretNames: run.runbook.params.filter((p) => p.secret).map((p) => p.name),
      carried: run.carried,
      cols: run.size?.cols,
      rows: run.size?.rows,
      onBytes: (bytes) => {
        const safe = redactor.push(bytes);
        if (safe.length > 0 && !recordError) {
          try {
            recorder.appendOutput(executionId, safe);
          } catch (err) {
            recordError = err as Error;
            this.cannotRecord(run, step, recordError, launched.session);
          }
        }
      },
      onText: (data) =>
        this.emit('step:output', { runId: run.id, step: step.name, executionId, data }),
      autoAck: () => this.options.autoAck === true || this.listenerCount('step:output') === 0,
    });
    executionId = recorder.stepStarted(run.id, {
      name: step.name,
      kind: step.kind,
      text: step.text,
      startedAt,
      secrets: run.secrets,
    });
    run.running = {
      step: step.name,
      executionId,
      session: launched.session,
      interactive: step.interactive,
    };
    run.steps.set(step.name, { status: 'running' });
    this.emit('step:state', {
      runId: run.id,
      step: step.name,
      executionId,
      status: 'running',
      startedAt,
    });
    try {
      const { result, carried } = await launched.finished;
      const tail = redactor.end();
      if (tail.length > 0 && !recordError) recorder.appendOutput(executionId, tail);
      if (carried) run.carried = carried;
      const artifacts = await collectArtifacts(run.folder, step.artifacts).catch(() => []);
      let status: StepStatus = result.end === 'exited' ? 'failed' : result.end;
      if (recordError) status = 'failed';
      else if (
        result.end === 'exited' &&
        result.exitCode !== undefined &&
        step.expect.includes(result.exitCode)
      ) {
        status = 'passed';
      }
      const outcome: StepOutcome = {
        status,
        exitCode: result.exitCode,
        signal: result.signal,
        startedAt,
        endedAt: result.endedAt,
        artifacts,
      };
      try {
        recorder.stepEnded(executionId, {
          status,
          exitCode: result.exitCode,
          signal: result.signal,
          endedAt: result.endedAt,
          artifacts,
        });
      } catch (err) {
        // The step ended but its end cannot be written: report it; the next start marks it interrupted.
        outcome.status = status = 'failed';
        if (!recordError) this.cannotRecord(run, step, err as Error);
      }
      run.steps.set(step.name, { status });
      this.emit('step:state', {
        runId: run.id,
        step: step.name,
        executionId,
        status,
        exitCode: result.exitCode,
        signal: result.signal,
        startedAt,
        endedAt: result.endedAt,
      });
      return outcome;
    } finally {
      run.running = undefined;
    }
  }

  /** The history refused a write: tell the operator and stop the step rather than run it unrecorded. */
  private cannotRecord(
    run: RunState,
    step: Step,
    err: Error,
    session?: { stop(end: 'stopped'): Promise<unknown> },
  ) {
    this.emit('run:notice', {
      runId: run.id,
      message:
        `Step "${step.name}": its output cannot be written to the history (${err.message}). ` +
        'The step was stopped so that nothing runs unrecorded; free space in the data folder and run it again.',
    });
    void session?.stop('stopped').catch(() => {});
  }

  /** Runs the applicable, not-yet-passed command steps in order, pausing where the operator must act. */
  async runAll(req: RunAllRequest): Promise<RunAllResult> {
    const run = this.openRun(req.runId);
    if (run.running)
      throw new EngineError('step-running', `Step "${run.running.step}" is still running.`);
    run.stopRequested = false;
    const confirmed = new Set(req.confirmed ?? []);
    for (const step of run.runbook.steps) {
      const state = run.steps.get(step.name) ?? { status: 'pending' };
      if (state.status === 'not-applicable' || step.kind === 'display') continue;
      if (MANUAL_KINDS.has(step.kind)) {
        if (state.status === 'pending' && !req.skipManual)
          return { stoppedAt: { step: step.name, reason: 'pending-manual' } };
        continue;
      }
      if (step.excludeFromRunAll || state.status === 'passed') continue;
      const gated = step.sudo || step.confirm !== undefined;
      if (gated && !req.confirmAll && !confirmed.has(step.name)) {
        return { stoppedAt: { step: step.name, reason: 'needs-confirmation' } };
      }
      const outcome = await this.runStep({ runId: run.id, step: step.name, confirmed: gated });
      if (outcome.status === 'stopped' || run.stopRequested)
        return { stoppedAt: { step: step.name, reason: 'stopped' } };
      if (outcome.status !== 'passed' && !req.keepGoing)
        return { stoppedAt: { step: step.name, reason: 'failed' } };
    }
    return {};
  }

  /** Stops the run's running step (SIGINT, SIGTERM, SIGKILL) and ends a "run all" in progress. */
  async stop(runId: string): Promise<boolean> {
    const run = this.getRun(runId);
    run.stopRequested = true;
    const running = run.running;
    if (!running) return false;
    this.options.recorder.event(runId, { at: now(), type: 'step-stopped', stepName: running.step });
    await running.session.stop('stopped');
    this.options.recorder.flush();
    return true;
  }

  /** Passes typed input to the running step; never recorded. False when nothing can take it. */
  input(runId: string, data: string): boolean {
    const running = this.getRun(runId).running;
    if (!running || !running.interactive || typeof data !== 'string') return false;
    running.session.write(data);
    return true;
  }

  /** Resizes the running step's terminal (and the next steps'). */
  resize(runId: string, cols: number, rows: number): void {
    const run = this.getRun(runId);
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1) return;
    run.size = { cols, rows };
    run.running?.session.resize(cols, rows);
  }

  /** The viewer has written `chars` characters of the run's output. */
  ack(runId: string, chars: number): void {
    this.runs.get(runId)?.running?.session.ack(chars);
  }

  /** Records the operator's answer for a checklist or device-configuration step. */
  attest(req: AttestRequest): number {
    const run = this.openRun(req.runId);
    const step = this.findStep(run, req.step);
    if (!MANUAL_KINDS.has(step.kind)) {
      throw new EngineError(
        'not-manual',
        `Step "${step.name}" is a ${step.kind} step; only checklist and config steps are attested.`,
      );
    }
    const state = run.steps.get(step.name);
    if (state?.status === 'not-applicable') {
      throw new EngineError(
        'not-applicable',
        `Step "${step.name}" is not applicable here (${state.reason}).`,
      );
    }
    const at = now();
    const attestation = { done: req.done === true, note: req.note, device: req.device, at };
    const executionId = this.options.recorder.attest(
      run.id,
      { name: step.name, kind: step.kind, text: step.text },
      attestation,
    );
    this.options.recorder.event(run.id, {
      at,
      type: 'attested',
      stepName: step.name,
      detail: attestation.done ? 'done' : 'not done',
    });
    const status: StepStatus = attestation.done ? 'done' : 'not-done';
    run.steps.set(step.name, { status });
    this.emit('step:state', { runId: run.id, step: step.name, executionId, status, endedAt: at });
    return executionId;
  }

  /** Closes the run with its overall status. */
  finishRun(runId: string): RunStatus {
    const run = this.openRun(runId);
    if (run.running)
      throw new EngineError(
        'step-running',
        `Step "${run.running.step}" is still running; stop it first.`,
      );
    const status = overallStatus(run.steps.values());
    const at = now();
    this.options.recorder.event(runId, { at, type: 'run-finished', detail: status });
    this.options.recorder.finishRun(runId, status, at);
    run.open = false;
    rmSync(run.stateDir, { recursive: true, force: true });
    this.emit('run:state', { runId, status });
    return status;
  }

  /** The operator accepts the runbook file as it is now: it is re-read, re-parsed and pinned. */
  async acceptRunbookChange(runId: string): Promise<void> {
    const run = this.openRun(runId);
    let bytes: Buffer;
    try {
      bytes = readFileSync(run.runbook.file);
    } catch {
      throw new EngineError(
        'runbook-missing',
        `${run.runbook.file}: the runbook file is gone; restore it to continue this run.`,
      );
    }
    const { parseRunbook } = await import('../runbook/parser.js');
    const parsed: Runbook = parseRunbook(bytes.toString('utf8'), run.runbook.file, {
      bundled: run.runbook.bundled,
    });
    if (hasErrors(parsed)) {
      const first = parsed.problems.find((p) => p.severity === 'error')!;
      throw new EngineError(
        'runbook-invalid',
        `${first.file}:${first.line}:${first.column}: ${first.message}`,
      );
    }
    for (const step of parsed.steps) {
      if (!run.steps.has(step.name)) {
        const reason = notApplicableReason(step, this.platform);
        run.steps.set(
          step.name,
          reason ? { status: 'not-applicable', reason } : { status: 'pending' },
        );
      }
    }
    run.runbook = parsed;
    run.pinnedSha = sha256(bytes);
    run.changed = undefined;
    this.options.recorder.event(runId, {
      at: now(),
      type: 'runbook-accepted',
      detail: run.pinnedSha,
    });
  }

  /** Stops every running step and flushes the recorder: the process is about to exit. */
  async shutdown(): Promise<void> {
    const running = [...this.runs.values()].filter((r) => r.running).map((r) => this.stop(r.id));
    await Promise.allSettled(running);
    this.options.recorder.flush();
  }

  /** Ids of the runs this engine holds open. */
  openRuns(): string[] {
    return [...this.runs.values()].filter((r) => r.open).map((r) => r.id);
  }

  private getRun(runId: string): RunState {
    const run = this.runs.get(runId);
    if (!run) throw new EngineError('unknown-run', `No run "${runId}" in this engine.`);
    return run;
  }

  private openRun(runId: string): RunState {
    const run = this.getRun(runId);
    if (!run.open) throw new EngineError('run-not-open', `Run "${runId}" is finished.`);
    return run;
  }

  private findStep(run: RunState, name: string): Step {
    const step = run.runbook.steps.find((s) => s.name === name);
    if (!step)
      throw new EngineError('unknown-step', `Runbook "${run.runbook.id}" has no step "${name}".`);
    return step;
  }
}
