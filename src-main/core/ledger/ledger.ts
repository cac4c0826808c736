/**
 * One team ledger, named by its connection string: the way every part of Runlog opens it. Each
 * connection checks that the ledger's schema is the one this code speaks, so a workstation never
 * writes into a schema it does not know.
 */
import type pg from 'pg';
import { resolveTarget, type LedgerTarget, type ResolveContext } from './conninfo.js';
import { connectLedger } from './connect.js';
import { checkLedgerSchema, migrateLedger, type MigrationOutcome } from './schema.js';

/** A ledger and how to reach it. */
export class Ledger {
  constructor(
    /** The connection string as the operator gave it (never with a password). */
    readonly url: string,
    private readonly context: ResolveContext & { warn?: (message: string) => void } = {},
  ) {
    resolveTarget(url, context); // refuse a bad or password-bearing string at once
  }

  /** Where the string leads, resolved now (the environment may have changed). */
  target(): LedgerTarget {
    return resolveTarget(this.url, this.context);
  }

  /** A connection to a ledger whose schema was checked; `connectTimeoutS` can only shorten the wait. */
  async connect(options: { connectTimeoutS?: number } = {}): Promise<pg.Client> {
    const target = this.target();
    if (options.connectTimeoutS !== undefined && target.connectTimeoutS !== 0) {
      target.connectTimeoutS = Math.min(target.connectTimeoutS, options.connectTimeoutS);
    }
    const client = await connectLedger(target, this.context.warn);
    try {
      await checkLedgerSchema(client, `the ledger ${target.label}`);
      return client;
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
  }

  /** Runs `work` on a checked connection and always closes it. */
  async use<T>(
    work: (client: pg.Client) => Promise<T>,
    options: { connectTimeoutS?: number } = {},
  ): Promise<T> {
    const client = await this.connect(options);
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Creates or upgrades the schema (the owner's role); a newer schema is refused untouched. */
  async init(): Promise<MigrationOutcome> {
    const client = await connectLedger(this.target(), this.context.warn);
    try {
      return await migrateLedger(client);
    } finally {
      await client.end().catch(() => {});
    }
  }
}
