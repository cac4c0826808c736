/**
 * Keeps an engine process for the service: started on first use, and when
 * it dies the runs it held are marked interrupted in the history and the
 * next request starts a fresh engine, so the app keeps working.
 */
import { EventEmitter } from 'node:events';
import type { HistoryStore } from '../core/history/index.js';
import type { RunContext } from '../core/run-model.js';
import { forkEngine } from '../core/engine/fork-engine.js';
import type { EngineLike } from './service.js';
import { engineEntry } from './app-context.js';

/** A running engine in another process, as the supervisor needs it. */
export type EngineHandle = EngineLike & {
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  shutdown(): Promise<unknown>;
  /** Marks the runs this engine owns in the history, so they can be found when it dies. */
  ownerToken?: string;
};

export type EngineStarter = (args: {
  dataDir: string;
  context: RunContext;
  /** The door the engine serves, recorded as the holder of its runs. */
  door: string;
}) => EngineHandle;

const FORWARDED = ['step:output', 'step:state', 'run:state', 'run:notice'] as const;

export class EngineSupervisor implements EngineLike {
  readonly notices: string[] = [];
  private current?: EngineHandle;
  private readonly events = new EventEmitter();
  /** Runs started by the current engine: they die with it. */
  private held = new Set<string>();
  private closing = false;

  constructor(
    private readonly options: {
      dataDir: string;
      context: RunContext;
      store: HistoryStore;
      start?: EngineStarter;
      /** 'app', 'host' or 'cli'. */
      door: string;
    },
  ) {
    this.events.setMaxListeners(0);
  }

  private engine(): EngineHandle {
    if (this.current) return this.current;
    const start =
      this.options.start ??
      ((args) => forkEngine({ ...args, entry: engineEntry() }) as unknown as EngineHandle);
    const engine = start({
      dataDir: this.options.dataDir,
      context: this.options.context,
      door: this.options.door,
    });
    for (const name of FORWARDED)
      engine.on(name as never, ((p: unknown) => this.events.emit(name, p)) as never);
    engine.on('exit', () => this.died(engine));
    this.current = engine;
    return engine;
  }

  private died(engine: EngineHandle): void {
    if (this.current !== engine) return;
    this.current = undefined;
    const held = [...this.held];
    this.held = new Set();
    if (this.closing) return;
    let recorded = 'This run was marked interrupted; its output so far is kept.';
    try {
      this.options.store.recoverInterrupted(engine.ownerToken);
    } catch (err) {
      // A full or read-only disk must not take the app down with the engine: the next start recovers it.
      recorded =
        `The history could not be updated (${(err as Error)?.message ?? err}); ` +
        'this run will be marked interrupted the next time Runlog opens it. What was recorded before is kept.';
    }
    for (const runId of held) {
      this.events.emit('run:state', { runId, status: 'interrupted' });
      this.events.emit('run:notice', {
        runId,
        message: `The engine stopped unexpectedly. ${recorded}`,
      });
    }
  }

  /** The current engine's owner token (its runs in the history carry it). */
  get ownerToken(): string | undefined {
    return this.current?.ownerToken;
  }

  async startRun(req: Parameters<EngineLike['startRun']>[0]): Promise<unknown> {
    const started = (await this.engine().startRun(req)) as { runId: string };
    this.held.add(started.runId);
    return started;
  }
  async resumeRun(req: Parameters<EngineLike['resumeRun']>[0]): Promise<unknown> {
    const resumed = await this.engine().resumeRun(req);
    this.held.add(req.runId);
    return resumed;
  }
  async releaseRun(runId: string): Promise<void> {
    await this.engine().releaseRun(runId);
    this.held.delete(runId);
  }
  async forgetRun(runId: string): Promise<void> {
    // No engine yet means nothing to forget: do not start one for it.
    if (this.current) await this.current.forgetRun(runId);
    this.held.delete(runId);
  }
  skip(req: Parameters<EngineLike['skip']>[0]) {
    return this.engine().skip(req);
  }
  runStep(req: Parameters<EngineLike['runStep']>[0]) {
    return this.engine().runStep(req);
  }
  runAll(req: Parameters<EngineLike['runAll']>[0]) {
    return this.engine().runAll(req);
  }
  stop(runId: string, step?: string) {
    return this.engine().stop(runId, step);
  }
  input(runId: string, data: string) {
    return this.engine().input(runId, data);
  }
  resize(runId: string, cols: number, rows: number) {
    return this.engine().resize(runId, cols, rows);
  }
  ack(runId: string, chars: number) {
    // Fire-and-forget: an engine that died meanwhile must not leave a rejection nobody handles.
    return Promise.resolve(this.current?.ack(runId, chars)).catch(() => undefined);
  }
  attest(req: Parameters<EngineLike['attest']>[0]) {
    return this.engine().attest(req);
  }
  async finishRun(runId: string) {
    const status = await this.engine().finishRun(runId);
    this.held.delete(runId);
    return status;
  }
  acceptRunbookChange(req: Parameters<EngineLike['acceptRunbookChange']>[0]) {
    return this.engine().acceptRunbookChange(req);
  }
  on(event: string, listener: (payload: never) => void): this {
    this.events.on(event, listener as (payload: unknown) => void);
    return this;
  }

  async close(): Promise<void> {
    this.closing = true;
    const engine = this.current;
    this.current = undefined;
    if (engine) await engine.shutdown().catch(() => {});
  }
}
