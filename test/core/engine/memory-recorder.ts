/**
 * A RunRecorder that keeps everything in memory, for engine tests: the real contract, with the
 * recorded bytes, executions, attestations and events open to assertions.
 */
import type {
  Artifact,
  AttemptStep,
  Attestation,
  PlannedStep,
  RunContext,
  RunDetail,
  RunEvent,
  RunRecorder,
  RunStatus,
  StepFlag,
  StepStatus,
} from '../../../src-main/core/run-model.js';
import type { StepKind } from '../../../src-main/core/runbook/model.js';

export interface MemoryExecution {
  id: number;
  runId: string;
  name: string;
  kind: StepKind;
  text: string;
  runbookSha256?: string;
  startedAt: string;
  chunks: Buffer[];
  result?: {
    status: StepStatus;
    flag?: StepFlag;
    exitCode?: number;
    signal?: string;
    endedAt: string;
    artifacts: Artifact[];
  };
}

export interface MemoryRun {
  id: string;
  runbookSha256: string;
  runbookSource: string;
  context: RunContext;
  params: Record<string, string>;
  folder: string;
  plan: PlannedStep[];
  events: RunEvent[];
  attestations: Array<{
    name: string;
    attestation: Attestation;
    text: string;
    runbookSha256?: string;
  }>;
  skips: Array<{ name: string; reason: string; text: string }>;
  versions: Array<{ sha256: string; source: string; trust?: string }>;
  status?: RunStatus;
  released?: boolean;
}

/** In-memory RunRecorder; `output(id)` joins an execution's recorded bytes. */
export class MemoryRecorder implements RunRecorder {
  readonly runs = new Map<string, MemoryRun>();
  readonly executions = new Map<number, MemoryExecution>();
  flushes = 0;
  private nextId = 1;

  createRun(run: Parameters<RunRecorder['createRun']>[0]): void {
    this.runs.set(run.id, {
      id: run.id,
      runbookSha256: run.runbookSha256,
      runbookSource: run.runbookSource,
      context: run.context,
      params: run.params,
      folder: run.folder,
      plan: run.steps,
      events: [],
      attestations: [],
      skips: [],
      versions: [{ sha256: run.runbookSha256, source: run.runbookSource, trust: run.trust }],
    });
  }

  stepStarted(runId: string, step: AttemptStep & { startedAt: string }): number {
    const id = this.nextId++;
    this.executions.set(id, { id, runId, ...step, chunks: [] });
    return id;
  }

  appendOutput(executionId: number, bytes: Uint8Array): void {
    const execution = this.executions.get(executionId);
    if (!execution) throw new Error(`appendOutput for unknown execution ${executionId}`);
    execution.chunks.push(Buffer.from(bytes));
  }

  stepEnded(executionId: number, result: NonNullable<MemoryExecution['result']>): void {
    const execution = this.executions.get(executionId);
    if (!execution) throw new Error(`stepEnded for unknown execution ${executionId}`);
    execution.result = result;
  }

  attest(runId: string, step: AttemptStep, attestation: Attestation): number {
    this.runs.get(runId)?.attestations.push({
      name: step.name,
      attestation,
      text: step.text,
      runbookSha256: step.runbookSha256,
    });
    return this.nextId++;
  }

  skip(runId: string, step: AttemptStep, skip: { reason: string }): number {
    this.runs.get(runId)?.skips.push({ name: step.name, reason: skip.reason, text: step.text });
    return this.nextId++;
  }

  versionAccepted(
    runId: string,
    version: { sha256: string; source: string; trust?: string },
    steps: PlannedStep[],
  ): void {
    const run = this.runs.get(runId);
    if (!run) return;
    run.versions.push(version);
    run.plan = steps;
  }

  /** Memory runs cannot be resumed: the history store is what keeps a run across processes. */
  claimRun(runId: string): RunDetail {
    throw Object.assign(new Error(`run ${runId} is not in a history store`), {
      code: 'unknown-run',
    });
  }

  releaseRun(runId: string): void {
    const run = this.runs.get(runId);
    if (run) run.released = true;
  }

  event(runId: string, event: RunEvent): void {
    this.runs.get(runId)?.events.push(event);
  }

  finishRun(runId: string, status: RunStatus): void {
    const run = this.runs.get(runId);
    if (run) run.status = status;
  }

  flush(): void {
    this.flushes += 1;
  }

  /** All bytes recorded for one execution. */
  output(executionId: number): Buffer {
    return Buffer.concat(this.executions.get(executionId)?.chunks ?? []);
  }

  /** Every byte recorded anywhere plus every event and attestation, as one searchable string. */
  everything(): string {
    const parts: string[] = [];
    for (const e of this.executions.values())
      parts.push(Buffer.concat(e.chunks).toString('latin1'), JSON.stringify(e.result ?? {}));
    for (const r of this.runs.values()) parts.push(JSON.stringify(r));
    return parts.join('\n');
  }

  /** Latest execution of a step in a run. */
  latest(runId: string, name: string): MemoryExecution | undefined {
    return [...this.executions.values()].filter((e) => e.runId === runId && e.name === name).pop();
  }
}
