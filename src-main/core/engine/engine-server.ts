/**
 * Serves an Engine over a transport: runs each request, answers it once, and forwards the
 * engine's events. Used by the engine's own process (child-main) and by tests in memory.
 */
import { ENGINE_EVENT_NAMES } from './engine-types.js';
import type { Engine } from './engine.js';
import { EngineError } from './errors.js';
import { isEngineRequest, type EngineResponse, type EngineTransport } from './engine-protocol.js';

function toPayload(error: unknown): { code: string; message: string; details?: unknown } {
  if (error instanceof EngineError) {
    return { code: error.code, message: error.message, details: error.details };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Connects an engine to a transport; returns a function that disconnects the event forwarding.
 * `onShutdown` runs once a 'shutdown' request has been answered (the process may then exit).
 */
export function serveEngine(
  engine: Engine,
  transport: EngineTransport,
  options: { onShutdown?: () => void } = {},
): () => void {
  const forwarders = ENGINE_EVENT_NAMES.map((name) => {
    const listener = (payload: unknown) => transport.send({ kind: 'event', name, payload });
    engine.on(name, listener as never);
    return () => engine.off(name, listener as never);
  });
  transport.onMessage((msg) => {
    if (!isEngineRequest(msg)) return;
    const { id, method, args } = msg;
    const call = engine[method] as (...a: unknown[]) => unknown;
    Promise.resolve()
      .then(() => call.apply(engine, args))
      .then(
        (result): EngineResponse => ({ kind: 'response', id, ok: true, result: result ?? null }),
        (error: unknown): EngineResponse => ({
          kind: 'response',
          id,
          ok: false,
          error: toPayload(error),
        }),
      )
      .then((response) => {
        try {
          transport.send(response);
        } catch {
          // the client is gone; nothing to answer
        }
        if (method === 'shutdown') options.onShutdown?.();
      });
  });
  return () => forwarders.forEach((off) => off());
}
