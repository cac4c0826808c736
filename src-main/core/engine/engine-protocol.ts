/**
 * Messages between an engine in another process and its client: requests carry an id and get
 * exactly one response (a result, or an error with the EngineError code); events flow one way.
 * Every message is plain data, so it crosses `process.send`, a MessagePort or structured clone.
 */
import type { EngineEventName, EngineEvents } from './engine-types.js';

/** The engine methods a client may call, by name. */
export const ENGINE_METHODS = [
  'startRun',
  'runStep',
  'runAll',
  'stop',
  'input',
  'resize',
  'ack',
  'attest',
  'skip',
  'finishRun',
  'acceptRunbookChange',
  'resumeRun',
  'releaseRun',
  'forgetRun',
  'shutdown',
  'openRuns',
] as const;
export type EngineMethod = (typeof ENGINE_METHODS)[number];

export interface EngineRequest {
  kind: 'request';
  id: number;
  method: EngineMethod;
  args: unknown[];
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

export type EngineMessage =
  EngineRequest | EngineResponse | EngineEventMessage | EngineReadyMessage;

/** How messages travel: `process.send`/`message` for a fork, a MessagePort, or memory in tests. */
export interface EngineTransport {
  send(msg: unknown): void;
  onMessage(cb: (msg: unknown) => void): void;
  onExit(cb: (code: number | null) => void): void;
}

/** True for a well-formed request naming a known method (anything else is dropped or refused). */
export function isEngineRequest(msg: unknown): msg is EngineRequest {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Partial<EngineRequest>;
  return (
    m.kind === 'request' &&
    typeof m.id === 'number' &&
    typeof m.method === 'string' &&
    (ENGINE_METHODS as readonly string[]).includes(m.method) &&
    Array.isArray(m.args)
  );
}
