/**
 * Serves an Engine over a transport: runs each call and answers it once, runs notifications, and
 * forwards the engine's events. The output of a run is paced on this channel like any viewer (see
 * viewer-pace.ts): when the other process has not taken CHANNEL_LIMITS.high characters, output is
 * left out until it catches up, then a screen stands in for what it missed. The step never waits.
 */
import type { AnyMethod } from './engine-api.js';
import { ENGINE_EVENT_NAMES, type EngineEvents } from './engine-types.js';
import type { Engine } from './engine.js';
import { EngineError } from './errors.js';
import { clientMessage, type EngineResponse, type EngineTransport } from './engine-protocol.js';
import { CHANNEL_LIMITS, ViewerPace } from './viewer-pace.js';

function toPayload(error: unknown): { code: string; message: string; details?: unknown } {
  if (error instanceof EngineError) {
    return { code: error.code, message: error.message, details: error.details };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** The channel's pace of each run's output. */
class ChannelPace {
  private readonly runs = new Map<string, ViewerPace>();

  constructor(private readonly requestScreen: (runId: string) => void) {}

  /** Whether to send this batch now. */
  output(p: EngineEvents['step:output']): boolean {
    const pace = this.of(p.runId);
    if (p.at === 0) pace.restart();
    return pace.offer(p.data.length);
  }

  /** The screen as sent on: with the output this channel left out before it, if any. */
  screen(p: EngineEvents['step:screen']): EngineEvents['step:screen'] {
    const left = this.of(p.runId).takeScreen(p);
    return left ? { ...p, skipped: left } : p;
  }

  ack(runId: string, chars: number): void {
    if (this.runs.get(runId)?.ack(chars)) this.requestScreen(runId);
  }

  private of(runId: string): ViewerPace {
    let pace = this.runs.get(runId);
    if (!pace) this.runs.set(runId, (pace = new ViewerPace(CHANNEL_LIMITS)));
    return pace;
  }
}

/** Forwards every engine event, pacing output; returns a function that stops forwarding. */
function forwardEvents(engine: Engine, transport: EngineTransport, pace: ChannelPace): () => void {
  const send = (name: keyof EngineEvents, payload: unknown) =>
    transport.send({ kind: 'event', name, payload });
  const offs = ENGINE_EVENT_NAMES.map((name) => {
    const listener = (payload: EngineEvents[typeof name]) => {
      if (name === 'step:output') {
        if (pace.output(payload as EngineEvents['step:output'])) send(name, payload);
      } else if (name === 'step:screen') {
        send(name, pace.screen(payload as EngineEvents['step:screen']));
      } else send(name, payload);
    };
    engine.on(name, listener);
    return () => engine.off(name, listener);
  });
  return () => offs.forEach((off) => off());
}

/**
 * Connects an engine to a transport; returns a function that disconnects the event forwarding.
 * `onShutdown` runs once a 'shutdown' call has been answered (the process may then exit).
 */
export function serveEngine(
  engine: Engine,
  transport: EngineTransport,
  options: { onShutdown?: () => void } = {},
): () => void {
  const pace = new ChannelPace((runId) => engine.requestScreen(runId));
  const stop = forwardEvents(engine, transport, pace);
  transport.onMessage((raw) => {
    const msg = clientMessage(raw);
    if (!msg) return;
    if (msg.kind === 'ack') return pace.ack(msg.runId, msg.chars);
    const method = engine[msg.method] as AnyMethod;
    if (msg.kind === 'notify') {
      try {
        method.apply(engine, msg.args);
      } catch {
        // One way: nobody waits for an answer (a run that ended, a size out of range).
      }
      return;
    }
    const { id } = msg;
    Promise.resolve()
      .then(() => method.apply(engine, msg.args))
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
        if (msg.method === 'shutdown') options.onShutdown?.();
      });
  });
  return stop;
}
