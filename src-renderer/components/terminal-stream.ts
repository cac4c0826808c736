/**
 * The API side of one step's terminal, tied to the terminal element's life: it writes the step's
 * live output and acknowledges each chunk only after xterm.js has written it (the engine pauses
 * the pty when the view falls behind), passes typed input and size changes on, and loads a
 * finished execution's recorded output from the history.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Terminal } from '@xterm/xterm';
import type { ApiClient } from '../api/client.js';

/** One history page: large enough that most outputs load in one call, well under the 16 MiB cap. */
const HISTORY_PAGE_BYTES = 4 * 1024 * 1024;

/** Steps that currently have a terminal acknowledging their output; the shell acks the rest. */
const attached = new Set<string>();

function keyOf(runId: string, step: string): string {
  return `${runId}\u0000${step}`;
}

/** True when a mounted terminal acknowledges this step's output itself. */
export function hasTerminal(runId: string, step: string): boolean {
  return attached.has(keyOf(runId, step));
}

/** What the controller reads from its element. */
export interface TerminalStreamHost extends ReactiveControllerHost {
  client?: ApiClient;
  runId: string;
  step: string;
  executionId: number;
  live: boolean;
}

/** Streams one step's output into an xterm.js terminal, with flow control. */
export class TerminalStream implements ReactiveController {
  private term?: Terminal;
  private unsubscribe?: () => void;
  private key = '';
  /** Execution whose output the terminal shows. */
  private shown = 0;
  private loading = 0;

  constructor(private readonly host: TerminalStreamHost) {
    host.addController(this);
  }

  /** Called once the element has created its terminal. */
  attach(term: Terminal): void {
    this.term = term;
    this.sync();
  }

  /** Called when the element drops its terminal. */
  detach(): void {
    this.term = undefined;
    this.shown = 0;
  }

  hostConnected(): void {
    this.subscribe();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    attached.delete(this.key);
  }

  hostUpdated(): void {
    const key = keyOf(this.host.runId, this.host.step);
    if (key !== this.key) {
      attached.delete(this.key);
      this.key = key;
      attached.add(key);
    }
    if (!this.unsubscribe) this.subscribe();
    this.sync();
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

  private subscribe(): void {
    const client = this.host.client;
    if (!client || this.unsubscribe) return;
    this.unsubscribe = client.on('step:output', (p) => {
      if (p.runId !== this.host.runId || p.step !== this.host.step) return;
      const ack = () =>
        void client
          .call('run:ack', { runId: p.runId, chars: p.data.length })
          .catch(() => undefined);
      if (!this.term) return ack();
      if (p.executionId !== this.shown) {
        this.term.reset();
        this.shown = p.executionId;
      }
      this.term.write(p.data, ack);
    });
  }

  /** Shows the right execution: a fresh screen for a new live one, the record for a past one. */
  private sync(): void {
    const { executionId, live } = this.host;
    if (!this.term || executionId === this.shown || executionId <= 0) return;
    this.term.reset();
    this.shown = executionId;
    if (!live) void this.loadHistory(executionId);
  }

  private async loadHistory(executionId: number): Promise<void> {
    const client = this.host.client;
    if (!client) return;
    const ticket = ++this.loading;
    let offset = 0;
    for (;;) {
      let page;
      try {
        page = await client.call('history:output', {
          executionId,
          offset,
          length: HISTORY_PAGE_BYTES,
        });
      } catch (err) {
        this.term?.write(`\r\n[could not load the recorded output: ${(err as Error).message}]\r\n`);
        return;
      }
      if (ticket !== this.loading || this.shown !== executionId) return;
      this.term?.write(page.text);
      offset += page.length;
      if (page.length === 0 || offset >= page.total) return;
    }
  }
}
