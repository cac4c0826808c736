/**
 * Drains the local queue into the ledger: every due run in one connection, retried with backoff
 * when the ledger is down, and again by a timer for as long as the process lives. Several
 * processes (the app and a CLI) may drain the same queue at once: publishing is idempotent.
 */
import type pg from 'pg';
import { LedgerUnreachableError } from './connect.js';
import { LedgerConflictError, publishRun } from './publish.js';
import type { LedgerQueue } from './queue.js';

/** What one drain did. */
export interface DrainResult {
  published: string[];
  /** Already in the ledger with the same record (an earlier attempt's answer was lost). */
  already: string[];
  failed: Array<{ runId: string; error: string }>;
  /** Runs still queued after the drain. */
  waiting: number;
}

export interface PublisherOptions {
  queue: LedgerQueue;
  /** Opens a connection whose schema was checked. */
  connect: () => Promise<pg.Client>;
  /** Keep retrying on a timer (long-lived processes). */
  retry?: boolean;
  /** Told after each drain. */
  onDrain?: (result: DrainResult) => void;
}

/** Longest a timer waits before looking again, even if nothing is due sooner. */
const TIMER_CAP_MS = 15 * 60_000;

/** Publishes what the queue holds; one drain at a time per process. */
export class LedgerPublisher {
  private running: Promise<DrainResult> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: PublisherOptions) {}

  /** Drains now (or joins the drain under way). */
  drain(): Promise<DrainResult> {
    if (!this.running) {
      this.running = this.drainOnce().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }
    return this.running;
  }

  /** Waits for the drain under way, stops the timer. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(): void {
    if (!this.options.retry || this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    const next = this.options.queue.nextDue();
    if (!next) return;
    const wait = Math.min(TIMER_CAP_MS, Math.max(0, Date.parse(next) - Date.now()));
    this.timer = setTimeout(() => void this.drain().catch(() => undefined), wait);
    this.timer.unref();
  }

  private async drainOnce(): Promise<DrainResult> {
    const { queue } = this.options;
    const result: DrainResult = { published: [], already: [], failed: [], waiting: 0 };
    const due = queue.due();
    if (due.length > 0) await this.publishAll(due, result);
    result.waiting = queue.list().length;
    this.options.onDrain?.(result);
    return result;
  }

  private async publishAll(due: string[], result: DrainResult): Promise<void> {
    const { queue } = this.options;
    let client: pg.Client | undefined;
    try {
      client = await this.options.connect();
    } catch (err) {
      const error = (err as Error).message;
      for (const runId of due) {
        queue.failed(runId, error);
        result.failed.push({ runId, error });
      }
      return;
    }
    try {
      for (const runId of due) {
        const item = queue.load(runId);
        if (!item) continue; // another process published it meanwhile
        try {
          const outcome = await publishRun(client, item.document, item.artifacts);
          queue.done(runId);
          (outcome.state === 'published' ? result.published : result.already).push(runId);
        } catch (err) {
          const error = (err as Error).message;
          if (err instanceof LedgerConflictError) queue.conflict(runId, error);
          else queue.failed(runId, error);
          result.failed.push({ runId, error });
          if (isConnectionLoss(err)) break;
        }
      }
    } finally {
      await client.end().catch(() => {});
    }
    // Runs not tried because the connection broke stay due and are tried at the next drain.
  }
}

/** A failure that ends the connection, not just this run. */
function isConnectionLoss(err: unknown): boolean {
  if (err instanceof LedgerUnreachableError) return true;
  const e = err as { code?: string; message?: string };
  return (
    e.code === 'ECONNRESET' ||
    e.code === 'EPIPE' ||
    e.code === '57P01' || // admin_shutdown
    e.code === '57P02' ||
    e.code === '57P03' ||
    /Connection terminated|not queryable|ended/i.test(e.message ?? '')
  );
}
