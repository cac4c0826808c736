/**
 * The service's link to the team ledger: where it is (the setting), the local queue and its
 * publisher, and a short-lived cache of the team's runbook trust. Without a ledger URL the link
 * is idle and every team command says how to set one.
 */
import type pg from 'pg';
import type { HistoryStore } from '../core/history/index.js';
import type { RunDetail } from '../core/run-model.js';
import {
  collectArtifacts,
  DEFAULT_ARTIFACT_MAX_BYTES,
  describeDocument,
  Ledger,
  LedgerPublisher,
  LedgerQueue,
  teamTrustOf,
  type DrainResult,
  type TeamTrust,
} from '../core/ledger/index.js';
import { ApiError, type LedgerStatus } from './contract.js';

/** How long a team-trust answer is reused: a revoked trust reaches every workstation within it. */
const TRUST_TTL_MS = 60_000;
/** After a failed trust lookup, how long to rely on local trust alone before trying again. */
const TRUST_RETRY_MS = 30_000;
/** A trust lookup waits at most this for the ledger: listing the library must stay quick. */
const TRUST_CONNECT_TIMEOUT_S = 3;

export interface LedgerLinkOptions {
  store: HistoryStore;
  url?: string;
  artifactMaxBytes?: number;
  /** Retry the queue on a timer (the app and the browser host; not a one-shot CLI command). */
  retry: boolean;
  /** Things the operator should know (a publish that failed and waits). */
  notice?: (message: string) => void;
}

/** The team ledger as the service sees it. */
export class LedgerLink {
  readonly queue: LedgerQueue;
  private ledger: Ledger | undefined;
  private publisher: LedgerPublisher | undefined;
  private trustCache = new Map<string, { at: number; trust?: TeamTrust }>();
  private trustFailedAt = 0;

  constructor(private readonly options: LedgerLinkOptions) {
    this.queue = new LedgerQueue(options.store.database);
    this.setUrl(options.url);
  }

  get url(): string | undefined {
    return this.ledger?.url;
  }

  /** Points the link at another ledger (or none); a bad or password-bearing string is refused. */
  setUrl(url: string | undefined): void {
    const ledger = url ? new Ledger(url) : undefined;
    void this.publisher?.close();
    this.ledger = ledger;
    this.trustCache.clear();
    this.publisher = ledger
      ? new LedgerPublisher({
          queue: this.queue,
          connect: () => ledger.connect(),
          retry: this.options.retry,
          onDrain: (r) => this.told(r),
        })
      : undefined;
    if (this.publisher && this.options.retry) void this.publisher.drain().catch(() => undefined);
  }

  private lastNotice: string | undefined;

  /** Tells the operator once per distinct reason that runs wait (not once per retry). */
  private told(result: DrainResult): void {
    const first = result.failed[0];
    if (!first) {
      this.lastNotice = undefined;
      return;
    }
    if (first.error === this.lastNotice) return;
    this.lastNotice = first.error;
    this.options.notice?.(
      `${result.waiting} run(s) wait for the team ledger (runlog ledger status): ${first.error}`,
    );
  }

  /** The configured ledger, or a coded error saying how to configure one. */
  require(): Ledger {
    if (!this.ledger) {
      throw new ApiError(
        'ledger-not-configured',
        'No team ledger is set: run "runlog ledger init URL" (or set the ledger URL in Settings).',
      );
    }
    return this.ledger;
  }

  /** Runs work on a checked connection to the configured ledger. */
  use<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    return this.require().use(work);
  }

  /** Queues a finished run's evidence with its artifacts, then publishes in the background. */
  publishFinished(run: RunDetail, document: string): void {
    if (!this.ledger) return;
    const p = describeDocument(document);
    const max = this.options.artifactMaxBytes ?? DEFAULT_ARTIFACT_MAX_BYTES;
    this.queue.enqueue(p, collectArtifacts(run.folder, p.artifacts, max));
    void this.drain().catch(() => undefined);
  }

  /** Publishes what is due now (everything when `all`). */
  async drain(all = false): Promise<DrainResult> {
    const publisher = this.publisher;
    if (!publisher) this.require();
    if (all) this.queue.retryNow();
    return publisher!.drain();
  }

  /** What waits, and (when asked) whether the ledger answers. */
  async status(check: boolean): Promise<LedgerStatus> {
    const status: LedgerStatus = { configured: !!this.ledger, waiting: this.queue.list() };
    if (!this.ledger) return status;
    status.url = this.ledger.url;
    try {
      status.target = this.ledger.target().label;
      if (check) {
        await this.ledger.use(async () => undefined);
        status.reachable = true;
      }
    } catch (err) {
      status.reachable = false;
      status.error = (err as Error).message;
    }
    return status;
  }

  /**
   * The team's trust of these runbook versions. Never throws: when the ledger cannot be asked,
   * what is cached still counts, and local trust alone decides the rest.
   */
  async teamTrust(sha256s: readonly string[]): Promise<Map<string, TeamTrust>> {
    const out = new Map<string, TeamTrust>();
    const ledger = this.ledger;
    if (!ledger || sha256s.length === 0) return out;
    const now = Date.now();
    const stale = sha256s.filter((s) => (this.trustCache.get(s)?.at ?? 0) + TRUST_TTL_MS < now);
    if (stale.length > 0 && now - this.trustFailedAt > TRUST_RETRY_MS) {
      try {
        const found = await ledger.use((c) => teamTrustOf(c, stale), {
          connectTimeoutS: TRUST_CONNECT_TIMEOUT_S,
        });
        for (const s of stale) this.trustCache.set(s, { at: now, trust: found.get(s) });
      } catch (err) {
        this.trustFailedAt = now;
        this.options.notice?.(`team trust could not be read: ${(err as Error).message}`);
      }
    }
    for (const s of sha256s) {
      const trust = this.trustCache.get(s)?.trust;
      if (trust) out.set(s, trust);
    }
    return out;
  }

  /** Waits for a publish under way (a CLI command's run reaches the ledger before it exits). */
  async close(): Promise<void> {
    await this.publisher?.close();
  }
}
