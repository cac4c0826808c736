/**
 * The page's view of the output that steps are printing now, one instance per connection (the
 * shell makes it and provides it by context). It does two things no single terminal can:
 * - it keeps a copy of each running execution's output from the moment this page saw it start,
 *   so a terminal drawn later (a cell scrolled to, a run opened while its step runs) can show all
 *   of it exactly once;
 * - it acknowledges the output of steps that no terminal on this page shows, so flow control
 *   never holds a step for a viewer that is not there.
 * Terminals register here while they show a step, and acknowledge their own output.
 */
import type { ApiClient } from '../api/client.js';
import type { Events } from '../../src-main/api/contract.js';

/** Characters of a running step kept in memory; past this the history is the source instead. */
export const LIVE_LOG_MAX_CHARS = 2 * 1024 * 1024;

/** What was printed by one execution since this page saw it start. */
export interface LiveLog {
  text: string;
  /** False once the copy was dropped for its size: only the history has all of it. */
  complete: boolean;
}

function keyOf(runId: string, step: string): string {
  return `${runId}\u0000${step}`;
}

export class LiveOutput {
  /** Steps whose output a mounted terminal acknowledges itself, with how many terminals. */
  private readonly attached = new Map<string, number>();
  private readonly logs = new Map<number, LiveLog>();
  private readonly unsubscribe: Array<() => void>;

  /**
   * Listens at once: create it before any terminal subscribes to the same client, since
   * listeners run in the order they were added and a late terminal relies on the copy
   * already including the chunk it is handed.
   */
  constructor(private readonly client: ApiClient) {
    this.unsubscribe = [
      client.on('step:state', (p) => this.onState(p)),
      client.on('step:output', (p) => this.onOutput(p)),
    ];
  }

  /** Stops listening (the connection is gone). */
  close(): void {
    for (const off of this.unsubscribe) off();
    this.logs.clear();
  }

  /** A terminal now shows this step and acknowledges its output; returns its release. */
  attach(runId: string, step: string): () => void {
    const key = keyOf(runId, step);
    this.attached.set(key, (this.attached.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.attached.get(key) ?? 1) - 1;
      if (left > 0) this.attached.set(key, left);
      else this.attached.delete(key);
    };
  }

  /** True when a mounted terminal acknowledges this step's output itself. */
  hasTerminal(runId: string, step: string): boolean {
    return this.attached.has(keyOf(runId, step));
  }

  /** The copy of a running execution's output, when this page saw it start. */
  log(executionId: number): LiveLog | undefined {
    return this.logs.get(executionId);
  }

  private onState(p: Events['step:state']): void {
    if (p.status === 'running' && p.executionId > 0 && !this.logs.has(p.executionId))
      this.logs.set(p.executionId, { text: '', complete: true });
    else if (p.status !== 'running') this.logs.delete(p.executionId);
  }

  private onOutput(p: Events['step:output']): void {
    const log = this.logs.get(p.executionId);
    if (log?.complete) {
      if (log.text.length + p.data.length > LIVE_LOG_MAX_CHARS) {
        log.complete = false;
        log.text = '';
      } else log.text += p.data;
    }
    if (!this.hasTerminal(p.runId, p.step))
      this.client.call('run:ack', { runId: p.runId, chars: p.data.length }).catch(() => undefined);
  }
}
