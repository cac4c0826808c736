/**
 * The API side of one step's terminal, tied to the terminal element's life: it writes the step's
 * live output and acknowledges each chunk only after xterm.js has written it (the engine pauses
 * the pty when the view falls behind), passes typed input and size changes on, and loads a
 * finished execution's recorded output from the history.
 *
 * A terminal can appear after its step started (the page was reloaded, the run was opened from
 * the history or another window, or the cell was drawn a moment after the first output). Two
 * cases, so that the screen shows everything and nothing twice where that can be known:
 * - This page saw the execution start: every chunk since then passed through it and was kept by
 *   the page's live output while the step runs, so the terminal writes that copy and then the
 *   live chunks. This is exact: events are delivered in order, one listener at a time.
 * - It did not: the output so far is loaded from `history:output` (once the record has caught up
 *   with what was sent before this terminal subscribed) while live chunks are held back, then the
 *   held chunks follow. The history is written in batches behind the live stream,
 *   so the seam cannot be matched byte for byte (recorded bytes are also redacted, live text is
 *   not the same unit). Dropping chunks could hide output from the operator; repeating a few
 *   lines is harmless. So the held chunks are all written, after a marker line that says where
 *   the recorded part ends.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/client.js';
import type { Events } from '../../src-main/api/contract.js';
import type { LiveOutput } from './live-output.js';

/** One history page: large enough that most outputs load in one call, well under the 16 MiB cap. */
const HISTORY_PAGE_BYTES = 4 * 1024 * 1024;

/**
 * Wait before reading a running step's record: a little over the history's output flush interval
 * (250 ms), so every chunk sent before this terminal subscribed is in the record it reads.
 */
export const RECORD_SETTLE_MS = 300;

/** Written between output loaded from the history and the live output that follows it. */
export const HISTORY_SEAM_MARKER =
  '\r\n\x1b[2m(earlier output loaded from the history; live output follows)\x1b[0m\r\n';

/** What the stream needs of a terminal: xterm.js's Terminal has both. */
export interface TerminalSink {
  write(data: string, callback?: () => void): void;
  reset(): void;
}

/** What the controller reads from its element. */
export interface TerminalStreamHost extends ReactiveControllerHost {
  client?: ApiClient;
  /** The page's live output (provided by context with the client). */
  output?: LiveOutput;
  runId: string;
  step: string;
  executionId: number;
  live: boolean;
}

/** Streams one step's output into an xterm.js terminal, with flow control. */
export class TerminalStream implements ReactiveController {
  private term?: TerminalSink;
  private unsubscribe?: () => void;
  /** Which step's output this stream acknowledges, and the release of that claim. */
  private claim?: { runId: string; step: string; release: () => void };
  /** Execution whose output the terminal shows. */
  private shown = 0;
  private loading = 0;
  /** Live chunks held back while the output so far loads from the history. */
  private held?: Array<Events['step:output']>;

  constructor(private readonly host: TerminalStreamHost) {
    host.addController(this);
  }

  /** Called once the element has created its terminal. */
  attach(term: TerminalSink): void {
    this.term = term;
    this.sync();
  }

  /** Called when the element drops its terminal. */
  detach(): void {
    this.term = undefined;
    this.shown = 0;
    this.held = undefined;
  }

  hostConnected(): void {
    this.subscribe();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.claim?.release();
    this.claim = undefined;
  }

  hostUpdated(): void {
    this.claimStep();
    if (!this.unsubscribe) this.subscribe();
    this.sync();
  }

  /** Tells the page's live output that this stream acknowledges the step it shows. */
  private claimStep(): void {
    const { runId, step, output } = this.host;
    const claim = this.claim;
    if (claim && claim.runId === runId && claim.step === step) return;
    claim?.release();
    this.claim = output ? { runId, step, release: output.attach(runId, step) } : undefined;
  }

  /** Typed input goes to the running step only; it is never recorded. */
  input(data: string): void {
    const { client, runId, live } = this.host;
    if (!client || !live || !runId) return;
    client.call('run:input', { runId, data }).catch(() => undefined);
  }

  /** The terminal's size changed: the running step's pty follows. */
  resize(cols: number, rows: number): void {
    const { client, runId, live } = this.host;
    if (!client || !live || !runId) return;
    client.call('run:resize', { runId, cols, rows }).catch(() => undefined);
  }

  private ack(p: Events['step:output']): void {
    this.host.client
      ?.call('run:ack', { runId: p.runId, chars: p.data.length })
      .catch(() => undefined);
  }

  private subscribe(): void {
    const client = this.host.client;
    if (!client || this.unsubscribe) return;
    this.unsubscribe = client.on('step:output', (p) => {
      if (p.runId !== this.host.runId || p.step !== this.host.step) return;
      // Until the stream has told the page's live output, the live output acknowledges.
      if (!this.claim) return;
      if (!this.term) return this.ack(p);
      // A new execution began before its state reached the element: its copy includes this chunk.
      if (p.executionId !== this.shown) return this.show(p.executionId, true, p);
      if (this.held) return void this.held.push(p);
      this.term.write(p.data, () => this.ack(p));
    });
  }

  /** Shows the right execution: a fresh screen for a new one, the record for a past one. */
  private sync(): void {
    const { executionId, live } = this.host;
    if (!this.term || executionId === this.shown || executionId <= 0) return;
    this.show(executionId, live);
  }

  private show(executionId: number, live: boolean, chunk?: Events['step:output']): void {
    if (!this.term) return;
    this.term.reset();
    this.shown = executionId;
    this.held = undefined;
    ++this.loading;
    const log = live ? this.host.output?.log(executionId) : undefined;
    if (log?.complete) {
      this.term.write(log.text, () => chunk && this.ack(chunk));
      return;
    }
    if (chunk) this.ack(chunk);
    if (live) this.held = [];
    void this.loadHistory(executionId, live);
  }

  private async loadHistory(executionId: number, live: boolean): Promise<void> {
    const client = this.host.client;
    if (!client) return;
    const ticket = this.loading;
    const current = () => ticket === this.loading && this.shown === executionId && !!this.term;
    let offset = 0;
    let end = Infinity;
    if (live) await new Promise((r) => setTimeout(r, RECORD_SETTLE_MS));
    if (!current()) return;
    try {
      while (offset < end) {
        const page = await client.call('history:output', {
          executionId,
          offset,
          length: HISTORY_PAGE_BYTES,
        });
        if (!current()) return;
        // A running step's record grows while it loads; what arrives later comes live.
        if (end === Infinity) end = page.total;
        this.term?.write(page.text);
        offset += page.length;
        if (page.length === 0) break;
      }
    } catch (err) {
      if (!current()) return;
      this.term?.write(`\r\n[could not load the recorded output: ${(err as Error).message}]\r\n`);
    }
    if (live && current()) this.releaseHeld(offset > 0);
  }

  /** Writes the live chunks held back during loading, after the marker when something loaded. */
  private releaseHeld(loadedSomething: boolean): void {
    const held = this.held ?? [];
    this.held = undefined;
    if (loadedSomething) this.term?.write(HISTORY_SEAM_MARKER);
    for (const p of held) this.term?.write(p.data, () => this.ack(p));
  }
}
