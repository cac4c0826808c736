/**
 * The API side of one step's terminal, tied to the terminal element's life: it writes the step's
 * live output and acknowledges it once xterm.js has written it (one way, in batches of
 * characters), passes typed input and size changes on, and shows a finished execution from the
 * history.
 *
 * The step never waits for this terminal. When the terminal falls too far behind, or appears after
 * its step began (the page was reloaded, the run was opened from the history or another window, or
 * the cell was drawn a moment after the first output), the service sends it the step's screen as
 * the engine has it ('step:screen'), then the live output after it: the terminal resets, shows that
 * screen (under a note when earlier output is only in the history) and goes on from there, with
 * nothing repeated and nothing missing after the screen.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/client.js';
import type { Events } from '../../src-main/api/contract.js';
import { screenNote } from '../../src-main/core/engine/screen-note.js';

/** One history page: large enough that most outputs load in one call, well under the 16 MiB cap. */
const HISTORY_PAGE_BYTES = 4 * 1024 * 1024;

/**
 * Written characters are acknowledged at least this often during a flood (VS Code's
 * CharCountAckSize idea), and whenever the terminal has written everything it was sent.
 */
export const ACK_CHARS = 32 * 1024;

/**
 * Longest piece handed to xterm.js at once: it yields to the page between writes, not within one,
 * so a large batch is written in pieces and the page stays responsive.
 */
const WRITE_PIECE_CHARS = 64 * 1024;

/** Full reset (RIS), written in line with the output so nothing queued before it lands after it. */
const RESET = '\x1bc';

/** What the stream needs of a terminal: xterm.js's Terminal has it. */
export interface TerminalSink {
  write(data: string, callback?: () => void): void;
}

/** What the controller reads from its element. */
export interface TerminalStreamHost extends ReactiveControllerHost {
  client?: ApiClient;
  runId: string;
  step: string;
  executionId: number;
  live: boolean;
}

/** How the shown execution is fed: live output, waiting for its screen, or its record. */
type Mode = 'live' | 'awaiting' | 'record';

/** Streams one step's output into an xterm.js terminal. */
export class TerminalStream implements ReactiveController {
  private term?: TerminalSink;
  private offs: Array<() => void> = [];
  /** Execution whose output the terminal shows. */
  private shown = 0;
  private mode: Mode = 'record';
  /** The latest execution this stream saw begin: its output comes whole from its first batch. */
  private begun = 0;
  private loading = 0;
  /** Writes queued in xterm.js, and characters written but not yet acknowledged. */
  private writing = 0;
  private unacked = 0;

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
    // The next terminal starts empty: it needs the screen, not only the output still to come.
    this.begun = 0;
    this.writing = 0;
    this.unacked = 0;
  }

  hostConnected(): void {
    this.subscribe();
  }

  hostDisconnected(): void {
    for (const off of this.offs) off();
    this.offs = [];
  }

  hostUpdated(): void {
    if (this.offs.length === 0) this.subscribe();
    this.sync();
  }

  /** Typed input goes to the running step only; it is never recorded. */
  input(data: string): void {
    const { client, runId, live } = this.host;
    if (client && live && runId) client.notify('run:input', { runId, data });
  }

  /** The terminal's size changed: the running step's pty follows. */
  resize(cols: number, rows: number): void {
    const { client, runId, live } = this.host;
    if (client && live && runId) client.notify('run:resize', { runId, cols, rows });
  }

  private mine(p: { runId: string; step: string }): boolean {
    return p.runId === this.host.runId && p.step === this.host.step;
  }

  private subscribe(): void {
    const client = this.host.client;
    if (!client || this.offs.length > 0) return;
    this.offs = [
      client.on('step:state', (p) => {
        if (this.mine(p) && p.status === 'running') this.begun = p.executionId;
      }),
      client.on('step:output', (p) => this.mine(p) && this.output(p)),
      client.on('step:screen', (p) => this.mine(p) && this.screen(p)),
    ];
  }

  private output(p: Events['step:output']): void {
    if (!this.term) {
      // Output no terminal wrote: a terminal made later asks for the screen instead.
      if (p.executionId === this.begun) this.begun = 0;
      return;
    }
    if (p.executionId !== this.shown) {
      // A new execution began before its state reached the element: show it from its start, or
      // ask for its screen when this terminal joins it part-way.
      if (p.at === 0) this.show(p.executionId, 'live');
      else return this.show(p.executionId, 'awaiting');
    } else if (this.mode === 'awaiting' && p.at === 0) {
      // The execution's first batch reached the service after this terminal asked for the
      // screen: the service sends the output from its start instead, and no screen follows.
      this.mode = 'live';
    }
    if (this.mode === 'live') this.write(p.data, true);
  }

  private screen(p: Events['step:screen']): void {
    if (!this.term || this.mode === 'record') return;
    if (p.executionId !== this.shown && p.executionId !== this.host.executionId) return;
    this.shown = p.executionId;
    this.mode = 'live';
    const note = screenNote(p);
    this.write(`${RESET}${note ? `\x1b[2m${note}\x1b[0m\r\n` : ''}${p.data}`, false);
  }

  /** Shows the right execution: live from its start, from its screen, or from the history. */
  private sync(): void {
    const { executionId, live } = this.host;
    if (!this.term || executionId <= 0) return;
    if (executionId === this.shown) {
      // The step ended before its screen came: its record is complete now.
      if (!live && this.mode === 'awaiting') this.show(executionId, 'record');
      // The element learnt that the execution runs after it had shown its record so far.
      else if (live && this.mode === 'record') this.show(executionId, 'awaiting');
      return;
    }
    if (!live) this.show(executionId, 'record');
    else this.show(executionId, executionId === this.begun ? 'live' : 'awaiting');
  }

  private show(executionId: number, mode: Mode): void {
    const { client, runId } = this.host;
    this.shown = executionId;
    this.mode = mode;
    ++this.loading;
    this.write(RESET, false);
    if (mode === 'awaiting') client?.notify('run:screen', { runId });
    if (mode === 'record') void this.loadHistory(executionId);
  }

  /**
   * Writes to the terminal in pieces; output (`isOutput`) is acknowledged as xterm.js has written
   * it, a screen or a reset is not output.
   */
  private write(data: string, isOutput: boolean): void {
    for (let at = 0; at < data.length; at += WRITE_PIECE_CHARS) {
      this.writePiece(data.slice(at, at + WRITE_PIECE_CHARS), isOutput);
    }
  }

  private writePiece(piece: string, isOutput: boolean): void {
    const runId = this.host.runId;
    this.writing++;
    this.term?.write(piece, () => {
      this.writing--;
      if (isOutput) this.unacked += piece.length;
      if (this.unacked >= ACK_CHARS || (this.writing === 0 && this.unacked > 0)) {
        this.host.client?.notify('run:ack', { runId, chars: this.unacked });
        this.unacked = 0;
      }
    });
  }

  private async loadHistory(executionId: number): Promise<void> {
    const client = this.host.client;
    if (!client) return;
    const ticket = this.loading;
    const current = () => ticket === this.loading && this.shown === executionId && !!this.term;
    let offset = 0;
    let end = Infinity;
    try {
      while (offset < end) {
        const page = await client.call('history:output', {
          executionId,
          offset,
          length: HISTORY_PAGE_BYTES,
        });
        if (!current()) return;
        if (end === Infinity) end = page.total;
        this.term?.write(page.text);
        offset += page.length;
        if (page.length === 0) break;
      }
    } catch (err) {
      if (!current()) return;
      this.term?.write(`\r\n[could not load the recorded output: ${(err as Error).message}]\r\n`);
    }
  }
}
