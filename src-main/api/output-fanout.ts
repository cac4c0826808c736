/**
 * Delivers events to every subscriber and turns their acknowledgements of
 * step output into the engine's flow control: the engine is acknowledged as
 * far as the slowest subscriber has written, and at once when nobody watches,
 * so a closed window never stalls a running step. A subscriber that stops
 * acknowledging altogether (a frozen tab, a laptop put to sleep) paces the
 * step only for STALLED_AFTER_MS; after that it still receives the output
 * but no longer holds the step back.
 */
import type { EventName, Events } from './contract.js';

export type EventListener = <K extends EventName>(event: K, payload: Events[K]) => void;

export interface Subscriber {
  /** The subscriber has written `chars` more characters of a run's output. */
  ack(runId: string, chars: number): void;
  unsubscribe(): void;
}

/** Long enough for a busy renderer to catch up, short enough that a dead one does not hang a step. */
export const STALLED_AFTER_MS = 5_000;

interface Entry {
  listener: EventListener;
  /** Output characters delivered to this subscriber and not yet acknowledged, per run. */
  pending: Map<string, number>;
  /** When this subscriber last acknowledged (or started owing) output, per run. */
  since: Map<string, number>;
}

export class OutputFanout {
  private readonly entries = new Set<Entry>();
  /** Characters delivered per run and not yet passed on to the engine as acknowledged. */
  private readonly unacked = new Map<string, number>();
  private readonly stallTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ackEngine: (runId: string, chars: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  subscribe(listener: EventListener): Subscriber {
    const entry: Entry = { listener, pending: new Map(), since: new Map() };
    this.entries.add(entry);
    return {
      ack: (runId, chars) => {
        const left = Math.max(0, (entry.pending.get(runId) ?? 0) - chars);
        entry.pending.set(runId, left);
        entry.since.set(runId, this.now());
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
        const owed = entry.pending.get(runId) ?? 0;
        if (owed === 0) entry.since.set(runId, this.now());
        entry.pending.set(runId, owed + data.length);
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

  private stalled(entry: Entry, runId: string): boolean {
    return (
      (entry.pending.get(runId) ?? 0) > 0 &&
      this.now() - (entry.since.get(runId) ?? 0) >= STALLED_AFTER_MS
    );
  }

  /** Acknowledges to the engine what every live subscriber has now written. */
  private settle(runId: string): void {
    const outstanding = this.unacked.get(runId) ?? 0;
    if (outstanding === 0) return;
    let slowest = 0;
    for (const entry of this.entries) {
      if (!this.stalled(entry, runId)) slowest = Math.max(slowest, entry.pending.get(runId) ?? 0);
    }
    const acked = outstanding - slowest;
    if (acked > 0) {
      this.unacked.set(runId, slowest);
      this.ackEngine(runId, acked);
    }
    if (slowest > 0 && !this.stallTimers.has(runId)) {
      const timer = setTimeout(() => {
        this.stallTimers.delete(runId);
        this.settle(runId);
      }, STALLED_AFTER_MS);
      timer.unref();
      this.stallTimers.set(runId, timer);
    }
  }
}
