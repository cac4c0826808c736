/**
 * The Engine as seen from another process: the same methods, returning Promises, and the same
 * events, plus 'exit' when the engine process dies (every pending request is then rejected).
 */
import { EventEmitter } from 'node:events';
import type {
  AcceptChangeRequest,
  AttestRequest,
  EngineEvents,
  ListenerArgs,
  ResumeRunRequest,
  ResumeRunResult,
  RunAllRequest,
  RunAllResult,
  RunStepRequest,
  SkipRequest,
  StartRunRequest,
  StartRunResult,
  StepOutcome,
} from './engine-types.js';
import { EngineError, type EngineErrorCode } from './errors.js';
import type { EngineMessage, EngineMethod, EngineTransport } from './engine-protocol.js';
import type { RunStatus } from '../run-model.js';

interface ClientEvents extends EngineEvents {
  exit: number | null;
  ready: { pid: number; ownerToken?: string };
}

/** Client of an engine served by serveEngine on the other end of a transport. */
export class EngineClient extends EventEmitter<ListenerArgs<ClientEvents>> {
  /** The engine process's pid, once it said it is ready. */
  pid: number | undefined;
  /** The token its history store marks its runs with, once known. */
  ownerToken: string | undefined;
  /** Set once the engine process is gone. */
  exited = false;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();

  constructor(private readonly transport: EngineTransport) {
    super();
    this.setMaxListeners(0);
    transport.onMessage((msg) => this.receive(msg as EngineMessage));
    transport.onExit((code) => this.died(code));
  }

  startRun(req: StartRunRequest): Promise<StartRunResult> {
    return this.call('startRun', [req]) as Promise<StartRunResult>;
  }
  runStep(req: RunStepRequest): Promise<StepOutcome> {
    return this.call('runStep', [req]) as Promise<StepOutcome>;
  }
  runAll(req: RunAllRequest): Promise<RunAllResult> {
    return this.call('runAll', [req]) as Promise<RunAllResult>;
  }
  stop(runId: string, step?: string): Promise<boolean> {
    return this.call('stop', step === undefined ? [runId] : [runId, step]) as Promise<boolean>;
  }
  input(runId: string, data: string): Promise<boolean> {
    return this.call('input', [runId, data]) as Promise<boolean>;
  }
  resize(runId: string, cols: number, rows: number): Promise<void> {
    return this.call('resize', [runId, cols, rows]) as Promise<void>;
  }
  ack(runId: string, chars: number): Promise<void> {
    return this.call('ack', [runId, chars]) as Promise<void>;
  }
  attest(req: AttestRequest): Promise<number> {
    return this.call('attest', [req]) as Promise<number>;
  }
  skip(req: SkipRequest): Promise<number> {
    return this.call('skip', [req]) as Promise<number>;
  }
  finishRun(runId: string): Promise<RunStatus> {
    return this.call('finishRun', [runId]) as Promise<RunStatus>;
  }
  acceptRunbookChange(req: AcceptChangeRequest): Promise<{ sha256: string }> {
    return this.call('acceptRunbookChange', [req]) as Promise<{ sha256: string }>;
  }
  resumeRun(req: ResumeRunRequest): Promise<ResumeRunResult> {
    return this.call('resumeRun', [req]) as Promise<ResumeRunResult>;
  }
  releaseRun(runId: string): Promise<void> {
    return this.call('releaseRun', [runId]) as Promise<void>;
  }
  forgetRun(runId: string): Promise<void> {
    return this.call('forgetRun', [runId]) as Promise<void>;
  }
  shutdown(): Promise<void> {
    return this.call('shutdown', []) as Promise<void>;
  }
  openRuns(): Promise<string[]> {
    return this.call('openRuns', []) as Promise<string[]>;
  }

  private call(method: EngineMethod, args: unknown[]): Promise<unknown> {
    if (this.exited) {
      return Promise.reject(new EngineError('engine-exited', 'The engine process has exited.'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.transport.send({ kind: 'request', id, method, args });
      } catch (error) {
        this.pending.delete(id);
        reject(
          new EngineError('engine-exited', `Cannot reach the engine: ${(error as Error).message}`),
        );
      }
    });
  }

  private receive(msg: EngineMessage): void {
    if (typeof msg !== 'object' || msg === null) return;
    if (msg.kind === 'event') {
      this.emit(msg.name, msg.payload as never);
    } else if (msg.kind === 'response') {
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.ok) waiter.resolve(msg.result ?? undefined);
      else
        waiter.reject(
          new EngineError(msg.error.code as EngineErrorCode, msg.error.message, msg.error.details),
        );
    } else if (msg.kind === 'ready') {
      this.pid = msg.pid;
      this.ownerToken = msg.ownerToken ?? this.ownerToken;
      this.emit('ready', { pid: msg.pid, ownerToken: msg.ownerToken });
    }
  }

  private died(code: number | null): void {
    if (this.exited) return;
    this.exited = true;
    const error = new EngineError(
      'engine-exited',
      `The engine process exited (code ${code ?? 'signal'}).`,
    );
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    this.emit('exit', code);
  }
}
