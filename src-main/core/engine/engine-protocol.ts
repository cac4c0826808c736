/**
 * Messages between an engine in another process and its client. A call carries an id and gets
 * exactly one response (a result, or an error with the EngineError code); a notification, an
 * event and an acknowledgement of output flow one way. Every message is plain data, so it crosses
 * `process.send`, a MessagePort or structured clone.
 */
import { ENGINE_METHODS, isEngineMethod, type EngineMethod } from './engine-api.js';
import type { EngineEventName, EngineEvents } from './engine-types.js';

export interface EngineRequest {
  kind: 'request';
  id: number;
  method: EngineMethod;
  args: unknown[];
}

/** A one-way call: typed input, a resize, a request for a screen. */
export interface EngineNotification {
  kind: 'notify';
  method: EngineMethod;
  args: unknown[];
}

/** The client has handled `chars` more characters of a run's output (one way, batched). */
export interface EngineAck {
  kind: 'ack';
  runId: string;
  chars: number;
}

export interface EngineErrorPayload {
  code: string;
  message: string;
  details?: unknown;
}

export type EngineResponse =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: EngineErrorPayload };

export interface EngineEventMessage<K extends EngineEventName = EngineEventName> {
  kind: 'event';
  name: K;
  payload: EngineEvents[K];
}

/** Sent once by the engine process when it is ready to take requests. */
export interface EngineReadyMessage {
  kind: 'ready';
  pid: number;
  ownerToken?: string;
}

/** What the client sends. */
export type ClientMessage = EngineRequest | EngineNotification | EngineAck;
/** What the engine sends. */
export type EngineMessage = EngineResponse | EngineEventMessage | EngineReadyMessage;

/** How messages travel: `process.send`/`message` for a fork, a MessagePort, or memory in tests. */
export interface EngineTransport {
  send(msg: unknown): void;
  onMessage(cb: (msg: unknown) => void): void;
  onExit(cb: (code: number | null) => void): void;
}

/** A well-formed message from a client, or undefined (anything else is dropped). */
export function clientMessage(msg: unknown): ClientMessage | undefined {
  if (typeof msg !== 'object' || msg === null) return undefined;
  const m = msg as { kind?: unknown; id?: unknown; method?: unknown; args?: unknown } & {
    runId?: unknown;
    chars?: unknown;
  };
  if (m.kind === 'ack') {
    return typeof m.runId === 'string' && typeof m.chars === 'number'
      ? { kind: 'ack', runId: m.runId, chars: m.chars }
      : undefined;
  }
  if (!isEngineMethod(m.method) || !Array.isArray(m.args)) return undefined;
  const kind = ENGINE_METHODS[m.method];
  if (m.kind === 'request' && kind === 'call' && typeof m.id === 'number') {
    return { kind: 'request', id: m.id, method: m.method, args: m.args };
  }
  if (m.kind === 'notify' && kind === 'notify') {
    return { kind: 'notify', method: m.method, args: m.args };
  }
  return undefined;
}
