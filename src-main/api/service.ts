/**
 * The service: implements every command of the contract on src-main/core.
 * The Electron main process, the browser host and the CLI all call it; none
 * of them holds behaviour of its own.
 */
import { basename, resolve } from 'node:path';
import type { SupervisedEngine } from '../core/engine/engine-supervisor.js';
import { ENGINE_EVENT_NAMES } from '../core/engine/engine-types.js';
import { folderProblem, writeSettings } from '../core/settings.js';
import { summarize, type Library } from '../core/runbook/library.js';
import type { Runbook } from '../core/runbook/model.js';
import type { HistoryStore } from '../core/history/index.js';
import {
  ApiError,
  parseNotification,
  parseRequest,
  type CommandName,
  type Commands,
  type EventName,
  type Events,
  type NotificationMessage,
  type Request,
  type Responses,
  type RunbookSummary,
} from './contract.js';
import { OutputFanout, type Subscriber } from './output-fanout.js';
import type { HandlerContext } from './handler-types.js';
import { historyHandlers } from './history-handlers.js';
import { runHandlers } from './run-handlers.js';

export interface ServiceOptions {
  library: Library;
  store: HistoryStore;
  /** The engine in its own process, restarted when it dies. */
  engine: SupervisedEngine;
  dataDir: string;
  appVersion: string;
  transport: 'ipc' | 'websocket' | 'cli';
  /** Notices gathered while opening (corrupt history set aside…). */
  notices?: string[];
  /** Runbook folders given on the command line (--runbooks); the saved setting adds to them. */
  commandLineFolders?: string[];
  /** Runbook folders saved in the operator's settings. */
  settingsFolders?: string[];
}

/** A client's events, calls and one-way messages; see Service.connect. */
export interface Connection extends Subscriber {
  call(command: string, request: unknown): Promise<unknown>;
  /** A one-way message from this client (validated; one that fails is dropped). */
  notify(name: unknown, request: unknown): void;
}

export class Service {
  readonly commands: Commands;
  private readonly fanout: OutputFanout;

  constructor(private readonly options: ServiceOptions) {
    const { engine } = options;
    this.fanout = new OutputFanout((runId) => engine.requestScreen(runId));
    for (const name of ENGINE_EVENT_NAMES) {
      engine.on(name, (payload: Events[typeof name]) => this.fanout.emit(name, payload));
    }
    this.commands = this.buildCommands();
  }

  /** Validates and runs one command; the single entry point of every door. */
  async call(command: string, request: unknown): Promise<unknown> {
    const parsed = parseRequest(command, request);
    const handler = this.commands[command as CommandName] as (r: unknown) => Promise<unknown>;
    return handler(parsed);
  }

  /** Subscribes to every event; output is paced by this subscriber's acknowledgements (see OutputFanout). */
  subscribe(listener: <K extends EventName>(event: K, payload: Events[K]) => void): Subscriber {
    return this.fanout.subscribe(listener);
  }

  /** Typed input or a terminal's size for a running step: one way, nothing is answered. */
  notify(msg: Extract<NotificationMessage, { name: 'run:input' | 'run:resize' }>): void {
    const { engine } = this.options;
    if (msg.name === 'run:input') engine.input(msg.request.runId, msg.request.data);
    else engine.resize(msg.request.runId, msg.request.cols, msg.request.rows);
  }

  /**
   * One client of a door (a window, a WebSocket): its events, its calls, and its one-way
   * messages, in which `run:ack` and `run:screen` concern this client's own place in the output.
   */
  connect(listener: <K extends EventName>(event: K, payload: Events[K]) => void): Connection {
    const subscriber = this.subscribe(listener);
    return {
      ...subscriber,
      call: (command, request) => this.call(command, request),
      notify: (name, request) => {
        const msg = parseNotification(name, request);
        if (msg?.name === 'run:ack') subscriber.ack(msg.request.runId, msg.request.chars);
        else if (msg?.name === 'run:screen') subscriber.attach(msg.request.runId);
        else if (msg) this.notify(msg);
      },
    };
  }

  /** Tells subscribers that the library changed (called by the library watcher). */
  libraryChanged(files: string[]): void {
    this.fanout.emit('library:changed', { files });
  }

  private summary(rb: Runbook): RunbookSummary {
    return { ...summarize(rb), fileName: basename(rb.file), trusted: this.isTrusted(rb) };
  }

  private isTrusted(rb: Pick<Runbook, 'bundled' | 'file' | 'sha256'>): boolean {
    return rb.bundled || this.options.store.isTrusted(rb.file, rb.sha256);
  }

  private folders(): { runbookFolders: string[]; commandLineFolders: string[] } {
    return {
      runbookFolders: [...(this.options.settingsFolders ?? [])],
      commandLineFolders: [...(this.options.commandLineFolders ?? [])],
    };
  }

  /** Saves the operator's runbook folders and loads the library from them. */
  private async setRunbookFolders(folders: string[]) {
    const problems = folders.map(folderProblem).filter((p): p is string => p !== undefined);
    if (problems.length) throw new ApiError('bad-request', problems.join('; '));
    const unique = [...new Set(folders.map((f) => resolve(f)))];
    await writeSettings(this.options.dataDir, { runbookFolders: unique });
    this.options.settingsFolders = unique;
    const changed = await this.options.library.setExtraFolders([
      ...(this.options.commandLineFolders ?? []),
      ...unique,
    ]);
    if (changed.length) this.libraryChanged(changed);
    return this.folders();
  }

  private runbook(id: string): Runbook {
    const rb = this.options.library.get(id);
    if (!rb) throw new ApiError('not-found', `No runbook "${id}" in the library.`);
    return rb;
  }

  private buildCommands(): Commands {
    const { library, store } = this.options;
    const context: HandlerContext = {
      ...this.options,
      runbook: (id) => this.runbook(id),
      isTrusted: (rb) => this.isTrusted(rb),
    };
    const handlers: {
      [K in CommandName]: (req: Request<K>) => Promise<Responses[K]> | Responses[K];
    } = {
      'app:info': () => ({
        version: this.options.appVersion,
        platform: process.platform,
        dataDir: this.options.dataDir,
        notices: this.options.notices ?? [],
        transport: this.options.transport,
      }),
      'library:list': () => ({ runbooks: library.list().map((rb) => this.summary(rb)) }),
      'library:get': ({ id }) => {
        const runbook = this.runbook(id);
        return { runbook, trusted: this.isTrusted(runbook) };
      },
      'library:trust': async ({ id, sha256 }) => {
        // Trust pins the file as it is on disk now, not as it was last parsed.
        const known = this.runbook(id);
        const rb = (await library.reload(known.file)) ?? known;
        if (rb.sha256 !== sha256) {
          throw new ApiError(
            'runbook-changed',
            `${rb.file} changed since it was reviewed; review it again.`,
          );
        }
        store.trustRunbook(rb.file, rb.sha256);
        return { trusted: true };
      },
      'settings:get': () => this.folders(),
      'settings:set-runbook-folders': ({ folders }) => this.setRunbookFolders(folders),
      ...runHandlers(context),
      ...historyHandlers(context),
    };
    const commands = {} as Record<CommandName, (req: unknown) => Promise<unknown>>;
    for (const [name, handler] of Object.entries(handlers)) {
      commands[name as CommandName] = async (req: unknown) =>
        (handler as (r: unknown) => unknown)(req);
    }
    return commands as unknown as Commands;
  }
}
