/**
 * The state of the team history on screen and the calls that fill it: one page of the ledger's
 * runs under the filters, paged by the ledger's cursor (newest first; "older" follows the cursor,
 * "newer" goes back to the page before), or, when there is no list to show, why: no ledger is
 * set, or it cannot be reached, in which case the runs waiting in this workstation's queue are
 * shown instead (`ledger:status`). Answers that arrive after a newer request are dropped.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/client.js';
import type { LedgerStatus } from '../../src-main/api/contract.js';
import type { TeamRunSummary } from '../../src-main/core/ledger/index.js';
import { attempt } from '../shared/attempt.js';
import { NO_TEAM_FILTER, teamListRequest, type TeamFilterValues } from './team-filter.js';

/** What the view shows in place of the list, or `ready` with the list. */
export type TeamHistoryState =
  'idle' | 'loading' | 'ready' | 'not-configured' | 'unreachable' | 'refused' | 'error';

/**
 * Errors that mean "the ledger cannot be used from here now": down, refusing the login, set up
 * wrongly (a missing root certificate) or at a schema this Runlog does not speak.
 */
const UNREACHABLE_CODES = new Set(['ledger-unreachable', 'ledger-config', 'ledger-schema']);

/** Where the operator was in the team history: filters and the pages walked. */
interface Place {
  filter: TeamFilterValues;
  /** Cursors of the pages visited: `cursors[page]` opened page `page` (the first has none). */
  cursors: Array<string | undefined>;
  page: number;
}

/**
 * The place last shown, for this page's life: back from a team run, the list is where it was.
 * Kept in memory only (filters may name people and hosts; nothing goes to storage).
 */
let lastPlace: Place = { filter: { ...NO_TEAM_FILTER }, cursors: [undefined], page: 0 };

/** The team history's page and filters, and the calls that fill them. */
export class TeamHistory implements ReactiveController {
  client?: ApiClient;
  state: TeamHistoryState = 'idle';
  filter: TeamFilterValues = { ...lastPlace.filter };
  /** The filters the view opened with, for the form to start from (a stable object). */
  readonly initialFilter: TeamFilterValues = { ...lastPlace.filter };
  runs: TeamRunSummary[] = [];
  /** Cursor of the page after this one, when there is one. */
  next?: string;
  private cursors: Array<string | undefined> = [...lastPlace.cursors];
  page = lastPlace.page;
  /** Why there is no list: the service's words. */
  message = '';
  /** This workstation's queue, shown when the ledger cannot be reached. */
  waiting?: LedgerStatus;
  private request = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Shows the first page under new filters. */
  async setFilter(filter: TeamFilterValues): Promise<void> {
    this.filter = { ...filter };
    this.cursors = [undefined];
    this.page = 0;
    await this.load();
  }

  /** The page of older runs, through the ledger's cursor. */
  async older(): Promise<void> {
    if (!this.next) return;
    this.cursors = [...this.cursors.slice(0, this.page + 1), this.next];
    this.page += 1;
    await this.load();
  }

  /** Back to the page of newer runs. */
  async newer(): Promise<void> {
    if (this.page === 0) return;
    this.page -= 1;
    await this.load();
  }

  /** Loads the current page again (after the ledger came back, say). */
  async load(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const ticket = ++this.request;
    this.state = 'loading';
    this.host.requestUpdate();
    lastPlace = { filter: { ...this.filter }, cursors: [...this.cursors], page: this.page };
    const request = teamListRequest(this.filter, this.cursors[this.page]);
    const got = await attempt(client.call('team:list', request));
    if (ticket !== this.request) return;
    if (got.ok) {
      this.runs = got.value.runs;
      this.next = got.value.next;
      this.state = 'ready';
      this.message = '';
    } else {
      await this.failed(client, got.error.code, got.error.message, ticket);
    }
    this.host.requestUpdate();
  }

  private async failed(client: ApiClient, code: string, message: string, ticket: number) {
    this.runs = [];
    this.next = undefined;
    this.message = message;
    this.waiting = undefined;
    if (code === 'ledger-not-configured') this.state = 'not-configured';
    else if (code === 'bad-request') this.state = 'refused';
    else if (UNREACHABLE_CODES.has(code)) {
      this.state = 'unreachable';
      const status = await attempt(client.call('ledger:status', {}));
      if (status.ok && ticket === this.request) this.waiting = status.value;
    } else this.state = 'error';
  }
}
