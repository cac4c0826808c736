/**
 * Keeps an engine process for the service: started on first use; when it dies, the runs it held
 * are marked interrupted in the history and the next call starts a fresh engine, so the app keeps
 * working. Its methods are the engine's own (ENGINE_METHODS), passed on to the current engine;
 * only the calls that open or close a run are watched, to know which runs die with it.
 */
import { EventEmitter } from 'node:events';
import type { HistoryStore } from '../history/index.js';
import type { RunContext } from '../run-model.js';
import { engineApi, type AnyMethod, type EngineApi, type EngineMethod } from './engine-api.js';
import type { EngineClient } from './engine-client.js';
import { ENGINE_EVENT_NAMES, type EngineEvents } from './engine-types.js';

/** Starts an engine process (see spawnEngine). */
export type EngineStarter = (args: {
  dataDir: string;
  context: RunContext;
  /** The door the engine serves, recorded as the holder of its runs. */
  door: string;
}) => EngineClient;

export interface SupervisorOptions {
  dataDir: string;
  context: RunContext;
  store: Pick<HistoryStore, 'recoverInterrupted'>;
  start: EngineStarter;
  /** 'app', 'host' or 'cli'. */
  door: string;
}

/** The supervisor without the engine's methods: events, the current engine, its end. */
export class EngineHost {
  readonly notices: string[] = [];
  /** The events of whichever engine is current, and the supervisor's own on an engine's death. */
  private readonly events = new EventEmitter();
  private current?: EngineClient;
  /** Runs opened by the current engine: they die with it. */
  private held = new Set<string>();
  private closing = false;

  constructor(private readonly options: SupervisorOptions) {
    this.events.setMaxListeners(0);
  }

  /** Listens to an engine event, whichever engine process sends it. */
  on<K extends keyof EngineEvents>(name: K, listener: (payload: EngineEvents[K]) => void): this {
    this.events.on(name, listener);
    return this;
  }

  /** The current engine's owner token (its runs in the history carry it). */
  get ownerToken(): string | undefined {
    return this.current?.ownerToken;
  }

  /** The current engine, started when there is none. */
  engine(): EngineClient {
    if (this.current) return this.current;
    const engine = this.options.start({
      dataDir: this.options.dataDir,
      context: this.options.context,
      door: this.options.door,
    });
    for (const name of ENGINE_EVENT_NAMES) {
      engine.on(name, (payload: unknown) => this.events.emit(name, payload));
    }
    engine.on('exit', () => this.died(engine));
    this.current = engine;
    return engine;
  }

  /** Passes a call or notification on; a notification never starts an engine. */
  forward(name: EngineMethod, kind: 'call' | 'notify', args: unknown[]): unknown {
    if (kind === 'notify' && !this.current) return undefined;
    const engine = this.engine();
    return (engine[name] as AnyMethod)(...args);
  }

  /** Marks a run as held (or no longer held) by the current engine. */
  hold(runId: string, held: boolean): void {
    if (held) this.held.add(runId);
    else this.held.delete(runId);
  }

  /** Whether an engine process is running. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Shuts the engine down; it is not restarted. */
  async close(): Promise<void> {
    this.closing = true;
    const engine = this.current;
    this.current = undefined;
    if (engine) await engine.shutdown().catch(() => {});
  }

  private died(engine: EngineClient): void {
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
}

/** An engine that outlives its process: the engine's methods, its events, its owner token. */
export type SupervisedEngine = EngineHost & EngineApi;

/** Creates the supervisor; no engine process starts before the first call that needs one. */
export function superviseEngine(options: SupervisorOptions): SupervisedEngine {
  const host = new EngineHost(options);
  const api = engineApi(
    (name, kind) =>
      (...args) =>
        host.forward(name, kind, args),
  );
  const held = (runId: string) => host.hold(runId, true);
  const released = (runId: string) => host.hold(runId, false);
  return Object.assign(host, api, {
    startRun: async (...args: Parameters<EngineApi['startRun']>) => {
      const started = await api.startRun(...args);
      held(started.runId);
      return started;
    },
    resumeRun: async (...args: Parameters<EngineApi['resumeRun']>) => {
      const resumed = await api.resumeRun(...args);
      held(resumed.runId);
      return resumed;
    },
    releaseRun: async (runId: string) => {
      await api.releaseRun(runId);
      released(runId);
    },
    finishRun: async (runId: string) => {
      const status = await api.finishRun(runId);
      released(runId);
      return status;
    },
    // No engine yet means nothing to forget: do not start one for it.
    forgetRun: async (runId: string) => {
      if (host.running) await api.forgetRun(runId);
      released(runId);
    },
  });
}
