/**
 * The service: implements every command of the contract on src-main/core.
 * The Electron main process, the browser host and the CLI all call it; none
 * of them holds behaviour of its own.
 */
import { basename, resolve } from 'node:path';
import type { SupervisedEngine } from '../core/engine/engine-supervisor.js';
import { ENGINE_EVENT_NAMES } from '../core/engine/engine-types.js';
import { folderProblem, updateSettings } from '../core/settings.js';
import { summarize, type Library } from '../core/runbook/library.js';
import type { Runbook } from '../core/runbook/model.js';
import type { HistoryStore } from '../core/history/index.js';
import { REDACTED, type RunbookVersion, type RunDetail } from '../core/run-model.js';
import type { EvidenceFormat } from '../core/evidence/export.js';
import { assertNoPassword, type TeamTrust } from '../core/ledger/index.js';
import type { LedgerLink } from './ledger-link.js';
import { teamHandlers } from './team-commands.js';
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
  type SettingsView,
  type TeamTrustMark,
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
  /** The team ledger (publishing, team trust, team history). */
  ledger: LedgerLink;
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

  /** Adds something the operator must be told (shown by app:info). */
  notice(message: string): void {
    (this.options.notices ??= []).push(message);
  }

  /** Tells subscribers that the library changed (called by the library watcher). */
  libraryChanged(files: string[]): void {
    this.fanout.emit('library:changed', { files });
  }

  private summary(rb: Runbook, team: Map<string, TeamTrust>): RunbookSummary {
    const teamTrust = this.teamMark(rb, team);
    const trusted = this.isTrustedHere(rb) || teamTrust !== undefined;
    return { ...summarize(rb), fileName: basename(rb.file), trusted, teamTrust };
  }

  /** Trusted on this workstation alone: bundled, or trusted by the operator in this content. */
  private isTrustedHere(rb: Pick<Runbook, 'bundled' | 'file' | 'sha256'>): boolean {
    return rb.bundled || this.options.store.isTrusted(rb.file, rb.sha256);
  }

  /**
   * Why a runbook version may run: shipped with Runlog, trusted here by the operator, or trusted
   * by the team in the ledger; undefined when it may not.
   */
  private async trustOf(
    rb: Pick<Runbook, 'bundled' | 'file' | 'sha256'>,
  ): Promise<RunbookVersion['trust']> {
    if (rb.bundled) return 'bundled';
    if (this.options.store.isTrusted(rb.file, rb.sha256)) return 'operator';
    const team = await this.options.ledger.teamTrust([rb.sha256]);
    return team.has(rb.sha256) ? 'team' : undefined;
  }

  /** The team ledger's trust of the versions not trusted here (a lookup only when needed). */
  private teamTrusts(rbs: Runbook[]): Promise<Map<string, TeamTrust>> {
    const needed = rbs.filter((rb) => !this.isTrustedHere(rb)).map((rb) => rb.sha256);
    return this.options.ledger.teamTrust(needed);
  }

  private teamMark(rb: Runbook, team: Map<string, TeamTrust>): TeamTrustMark | undefined {
    const t = team.get(rb.sha256);
    return t && { by: t.trustedBy, at: t.trustedAt };
  }

  private folders(): SettingsView {
    return {
      runbookFolders: [...(this.options.settingsFolders ?? [])],
      commandLineFolders: [...(this.options.commandLineFolders ?? [])],
      ledgerUrl: this.options.ledger.url ?? null,
    };
  }

  /** Saves the ledger URL (checked, never with a password) and points the link at it. */
  private async setLedgerUrl(url: string | null): Promise<SettingsView> {
    const value = url?.trim() || undefined;
    if (value) assertNoPassword(value);
    this.options.ledger.setUrl(value);
    await updateSettings(this.options.dataDir, { ledgerUrl: value });
    return this.folders();
  }

  /** A finished run as signed evidence, secrets redacted: what export and the ledger both take. */
  private async exportEvidence(run: RunDetail, format: EvidenceFormat) {
    // Loaded on first export: the crypto and rendering code is not needed to open the service.
    const { exportRun } = await import('../core/evidence/export.js');
    return exportRun(
      { run, outputText: (id: number) => this.options.store.readOutputText(id) },
      {
        format,
        dataDir: this.options.dataDir,
        appVersion: this.options.appVersion,
        secretParams: Object.keys(run.params).filter((name) => run.params[name] === REDACTED),
      },
    );
  }

  /** Queues finished runs of the history for the ledger (never an open one), then publishes. */
  private async publishRuns(runIds: string[]) {
    for (const runId of runIds) {
      const run = this.options.store.getRun(runId);
      if (!run) throw new ApiError('not-found', `No run "${runId}" in the history.`);
      if (run.status === 'open') {
        throw new ApiError('run-open', `Run "${runId}" is still open: finish it first.`);
      }
      this.options.ledger.publishFinished(
        run,
        String((await this.exportEvidence(run, 'json')).content),
      );
    }
    return this.options.ledger.drain(true);
  }

  /** Publishes a run that just finished; a failure waits in the queue, it never fails the finish. */
  private async publishFinished(runId: string): Promise<void> {
    if (!this.options.ledger.url) return;
    try {
      const run = this.options.store.getRun(runId);
      if (run)
        this.options.ledger.publishFinished(
          run,
          String((await this.exportEvidence(run, 'json')).content),
        );
    } catch (err) {
      this.notice(
        `run ${runId} could not be queued for the team ledger: ${(err as Error).message}`,
      );
    }
  }

  /** Saves the operator's runbook folders and loads the library from them. */
  private async setRunbookFolders(folders: string[]) {
    const problems = folders.map(folderProblem).filter((p): p is string => p !== undefined);
    if (problems.length) throw new ApiError('bad-request', problems.join('; '));
    const unique = [...new Set(folders.map((f) => resolve(f)))];
    await updateSettings(this.options.dataDir, { runbookFolders: unique });
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
      trustOf: (rb) => this.trustOf(rb),
      exportEvidence: (run, format) => this.exportEvidence(run, format),
      publishFinished: (runId) => this.publishFinished(runId),
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
      'library:list': async () => {
        const runbooks = library.list();
        const team = await this.teamTrusts(runbooks);
        return { runbooks: runbooks.map((rb) => this.summary(rb, team)) };
      },
      'library:get': async ({ id }) => {
        // The file as it is on disk now: a page asking after a change must not get the version
        // the folder watcher has not caught up with yet.
        const known = this.runbook(id);
        const runbook = (await library.reload(known.file)) ?? known;
        const { trusted, teamTrust } = this.summary(runbook, await this.teamTrusts([runbook]));
        return { runbook, trusted, teamTrust };
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
      'settings:set-ledger-url': ({ url }) => this.setLedgerUrl(url),
      'ledger:publish': ({ runIds }) => this.publishRuns(runIds ?? []),
      ...teamHandlers(this.options.ledger),
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
