/**
 * The Engine as seen from another process: the methods of ENGINE_METHODS (a call returns a
 * Promise, a notification returns at once) and the engine's events, plus 'exit' when the engine
 * process dies (every pending call is then rejected). Output is acknowledged to the engine one
 * way, in batches of characters, once it has been handed on.
 */
import { EventEmitter } from 'node:events';
import { engineApi, type EngineApi, type EngineMethod } from './engine-api.js';
import type { EngineEvents, ListenerArgs } from './engine-types.js';
import { EngineError, type EngineErrorCode } from './errors.js';
import type { EngineMessage, EngineTransport } from './engine-protocol.js';
import { CHANNEL_ACK_CHARS } from './viewer-pace.js';

/** The client's events: the engine's, its process's end, and its readiness. */
export interface ClientEvents extends EngineEvents {
  exit: number | null;
  ready: { pid: number; ownerToken?: string };
}

/** The connection to one engine process, without its methods. */
export class EngineConnection extends EventEmitter<ListenerArgs<ClientEvents>> {
  /** The engine process's pid, once known. */
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
  /** Output characters handled and not yet acknowledged, per run. */
  private readonly unacked = new Map<string, number>();
  private ackTimer: NodeJS.Immediate | undefined;

  constructor(private readonly transport: EngineTransport) {
    super();
    this.setMaxListeners(0);
    transport.onMessage((msg) => this.receive(msg as EngineMessage));
    transport.onExit((code) => this.died(code));
  }

  call(method: EngineMethod, args: unknown[]): Promise<unknown> {
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

  notify(method: EngineMethod, args: unknown[]): void {
    this.post({ kind: 'notify', method, args });
  }

  private post(msg: unknown): void {
    if (this.exited) return;
    try {
      this.transport.send(msg);
    } catch {
      // The engine is going away; its exit is reported on its own.
    }
  }

  private receive(msg: EngineMessage): void {
    if (typeof msg !== 'object' || msg === null) return;
    if (msg.kind === 'event') {
      this.emit(msg.name, msg.payload as never);
      if (msg.name === 'step:output') this.handled(msg.payload as EngineEvents['step:output']);
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

  /** Counts handed-on output; acknowledges every CHANNEL_ACK_CHARS and at the end of a burst. */
  private handled(p: EngineEvents['step:output']): void {
    const chars = (this.unacked.get(p.runId) ?? 0) + p.data.length;
    this.unacked.set(p.runId, chars);
    if (chars >= CHANNEL_ACK_CHARS) this.flushAck(p.runId);
    this.ackTimer ??= setImmediate(() => {
      this.ackTimer = undefined;
      for (const runId of [...this.unacked.keys()]) this.flushAck(runId);
    });
  }

  private flushAck(runId: string): void {
    const chars = this.unacked.get(runId) ?? 0;
    this.unacked.delete(runId);
    if (chars > 0) this.post({ kind: 'ack', runId, chars });
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

/** An engine in another process: its methods, its events, its pid and owner token. */
export type EngineClient = EngineConnection & EngineApi;

/** Connects to an engine served by serveEngine on the other end of `transport`. */
export function connectEngine(transport: EngineTransport): EngineClient {
  const connection = new EngineConnection(transport);
  const api = engineApi((name, kind) =>
    kind === 'call'
      ? (...args) => connection.call(name, args)
      : (...args) => connection.notify(name, args),
  );
  return Object.assign(connection, api);
}
