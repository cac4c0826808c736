/**
 * Delivers the service's events to every subscriber (a window, a browser tab, the CLI's terminal),
 * each at its own pace. A step is never paced by a subscriber: one that has not acknowledged
 * VIEWER_LIMITS.high characters of a run's output is sent no more of it; once it has caught up it
 * is sent the step's screen (asked of the engine) and the live output after it. A subscriber whose
 * terminal appears after the step began asks for the screen itself (`attach`).
 */
import { VIEWER_LIMITS, ViewerPace } from '../core/engine/viewer-pace.js';
import type { EventName, Events } from './contract.js';

export type EventListener = <K extends EventName>(event: K, payload: Events[K]) => void;

export interface Subscriber {
  /** The subscriber has written `chars` more characters of a run's output. */
  ack(runId: string, chars: number): void;
  /** The subscriber shows a run's running step from now on: send it the screen, then the output. */
  attach(runId: string): void;
  unsubscribe(): void;
}

interface Entry {
  listener: EventListener;
  /** This subscriber's place in each run's output. */
  paces: Map<string, ViewerPace>;
}

export class OutputFanout {
  private readonly entries = new Set<Entry>();

  /** `requestScreen` asks the engine for a 'step:screen' event of a run. */
  constructor(private readonly requestScreen: (runId: string) => void) {}

  subscribe(listener: EventListener): Subscriber {
    const entry: Entry = { listener, paces: new Map() };
    this.entries.add(entry);
    return {
      ack: (runId, chars) => {
        if (this.paceOf(entry, runId).ack(chars)) this.requestScreen(runId);
      },
      attach: (runId) => {
        this.paceOf(entry, runId).attach();
        this.requestScreen(runId);
      },
      unsubscribe: () => void this.entries.delete(entry),
    };
  }

  emit<K extends EventName>(event: K, payload: Events[K]): void {
    if (event === 'step:output') return this.output(payload as Events['step:output']);
    if (event === 'step:screen') return this.screen(payload as Events['step:screen']);
    for (const entry of this.entries) deliver(entry, event, payload);
    if (event === 'run:state' && (payload as Events['run:state']).status !== 'open') {
      for (const entry of this.entries) entry.paces.delete((payload as Events['run:state']).runId);
    }
  }

  private output(p: Events['step:output']): void {
    for (const entry of this.entries) {
      const pace = this.paceOf(entry, p.runId);
      if (p.at === 0) pace.restart();
      if (pace.offer(p.data.length)) deliver(entry, 'step:output', p);
    }
  }

  private screen(p: Events['step:screen']): void {
    for (const entry of this.entries) {
      const skipped = this.paceOf(entry, p.runId).takeScreen(p);
      if (skipped !== undefined) deliver(entry, 'step:screen', { ...p, skipped });
    }
  }

  private paceOf(entry: Entry, runId: string): ViewerPace {
    let pace = entry.paces.get(runId);
    if (!pace) entry.paces.set(runId, (pace = new ViewerPace(VIEWER_LIMITS)));
    return pace;
  }
}

function deliver<K extends EventName>(entry: Entry, event: K, payload: Events[K]): void {
  try {
    entry.listener(event, payload);
  } catch {
    // A broken subscriber must not stop the others; its transport reports its own failure.
  }
}
