/**
 * Delivers events to every subscriber and turns their acknowledgements of
 * step output into the engine's flow control: the engine is acknowledged as
 * far as the slowest subscriber has written, and at once when nobody watches,
 * so a closed window never stalls a running step.
 */
import type { EventName, Events } from './contract.js';

export type EventListener = <K extends EventName>(event: K, payload: Events[K]) => void;

export interface Subscriber {
  /** The subscriber has written `chars` more characters of a run's output. */
  ack(runId: string, chars: number): void;
  unsubscribe(): void;
}

interface Entry {
  listener: EventListener;
  /** Output characters delivered to this subscriber and not yet acknowledged, per run. */
  pending: Map<string, number>;
}

export class OutputFanout {
  private readonly entries = new Set<Entry>();
  /** Characters delivered per run and not yet passed on to the engine as acknowledged. */
  private readonly unacked = new Map<string, number>();

  constructor(private readonly ackEngine: (runId: string, chars: number) => void) {}

  subscribe(listener: EventListener): Subscriber {
    const entry: Entry = { listener, pending: new Map() };
    this.entries.add(entry);
    return {
      ack: (runId, chars) => {
        const left = Math.max(0, (entry.pending.get(runId) ?? 0) - chars);
        entry.pending.set(runId, left);
        this.settle(runId);
      },
      unsubscribe: () => {
        this.entries.delete(entry);
        for (const runId of entry.pending.keys()) this.settle(runId);
      },
    };
  }

  emit<K extends EventName>(event: K, payload: Events[K]): void {
    if (event === 'step:output') {
      const { runId, data } = payload as Events['step:output'];
      this.unacked.set(runId, (this.unacked.get(runId) ?? 0) + data.length);
      for (const entry of this.entries) {
        entry.pending.set(runId, (entry.pending.get(runId) ?? 0) + data.length);
      }
    }
    for (const entry of this.entries) {
      try {
        entry.listener(event, payload);
      } catch {
        // A broken subscriber must not stop the others; its transport reports its own failure.
      }
    }
    if (event === 'step:output') this.settle((payload as Events['step:output']).runId);
  }

  /** Acknowledges to the engine what every subscriber has now written. */
  private settle(runId: string): void {
    const outstanding = this.unacked.get(runId) ?? 0;
    if (outstanding === 0) return;
    let slowest = 0;
    for (const entry of this.entries) slowest = Math.max(slowest, entry.pending.get(runId) ?? 0);
    const acked = outstanding - slowest;
    if (acked > 0) {
      this.unacked.set(runId, slowest);
      this.ackEngine(runId, acked);
    }
  }
}
