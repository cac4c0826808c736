/**
 * The screen of one running step, kept in a headless terminal the size of its pty, so that a
 * viewer that appears late or falls behind is sent the screen as it is now instead of the backlog
 * (the way tmux and mosh resynchronise a client), then the live tail.
 *
 * Interpreting output costs more than reading it from the pty (xterm.js parses some tens of MB/s),
 * so the mirror never holds the step back: small writes (typing, a prompt, a slow log) are
 * interpreted at once; a burst is queued and interpreted when the output pauses or a screen is
 * asked for. A flood keeps only its last MIRROR_KEEP_CHARS: of the text before them only the
 * control sequences are interpreted (modes, colours, the alternate screen stay right), the text
 * itself is then in the history only, and the screen says it is not complete.
 */
import serializeAddon from '@xterm/addon-serialize';
import { coreOf, newHeadlessTerminal, type HeadlessTerminal } from '../headless-terminal.js';

const { SerializeAddon } = serializeAddon;

/** Rows of history above the screen a resynchronised viewer gets: a few screens to scroll back. */
export const MIRROR_SCROLLBACK_ROWS = 500;
/** A write up to this size with nothing queued is interpreted at once (typing, prompts, slow logs). */
export const INTERPRET_AT_ONCE_CHARS = 16 * 1024;
/** Queued text past this is a flood: the oldest text is dropped down to MIRROR_KEEP_CHARS. */
export const MIRROR_BACKLOG_CHARS = 256 * 1024;
/** Text kept of a flood: well over the rows of screen and scrollback, so they are all exact. */
export const MIRROR_KEEP_CHARS = 128 * 1024;
/** Output quiet this long: the queued text is interpreted then, off the path of any request. */
export const CATCH_UP_MS = 50;

/**
 * Escape sequences and shift characters of a piece of text: CSI, OSC, DCS/SOS/PM/APC strings,
 * two-character escapes, SO and SI. Interpreting only these keeps the terminal's modes right.
 */
const CONTROL_SEQUENCES =
  // eslint-disable-next-line no-control-regex
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[ -/]*[0-~]|[\x0e\x0f]/g;

/** The control sequences of `text` without its printable text ('' for plain text, quickly). */
export function controlSkeleton(text: string): string {
  if (text.indexOf('\x1b') === -1 && text.indexOf('\x0e') === -1) return '';
  return (text.match(CONTROL_SEQUENCES) ?? []).join('');
}

type Queued = string | { cols: number; rows: number };

/** A serialised screen: written to a fresh terminal, it shows what the mirror shows. */
export interface ScreenState {
  data: string;
  /** False when text has left the mirror (a flood, or more rows than its scrollback). */
  complete: boolean;
}

/** A headless copy of one execution's terminal. */
export class ScreenMirror {
  private readonly terminal: HeadlessTerminal;
  private readonly serializer = new SerializeAddon();
  private queue: Queued[] = [];
  private queuedChars = 0;
  /** Text was dropped since the last interpretation: resume at a line start. */
  private resumeAtLine = false;
  private lost = false;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private cols: number,
    private rows: number,
  ) {
    this.terminal = newHeadlessTerminal({ cols, rows, scrollback: MIRROR_SCROLLBACK_ROWS });
    this.terminal.loadAddon(this.serializer);
  }

  /** More output, as the viewers get it. */
  write(text: string): void {
    if (this.disposed || text.length === 0) return;
    if (this.queuedChars === 0 && text.length <= INTERPRET_AT_ONCE_CHARS) {
      coreOf(this.terminal).writeSync(text);
      return;
    }
    this.queue.push(text);
    this.queuedChars += text.length;
    if (this.queuedChars > MIRROR_BACKLOG_CHARS) this.dropOldest();
    this.scheduleCatchUp();
  }

  /** The pty changed size at this point of the output. */
  resize(cols: number, rows: number): void {
    if (this.disposed || (cols === this.cols && rows === this.rows)) return;
    this.cols = cols;
    this.rows = rows;
    if (this.queue.length === 0) this.terminal.resize(cols, rows);
    else this.queue.push({ cols, rows });
  }

  /** The screen now, with its scrollback; interprets what is queued first. */
  serialize(): ScreenState {
    this.catchUp();
    const buffer = this.terminal.buffer.normal;
    const full = buffer.length >= this.terminal.rows + MIRROR_SCROLLBACK_ROWS;
    return { data: this.serializer.serialize(), complete: !this.lost && !full };
  }

  /** Frees the terminal. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.queue = [];
    this.terminal.dispose();
  }

  private scheduleCatchUp(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.catchUp(), CATCH_UP_MS);
    this.timer.unref();
  }

  /** Interprets everything queued, in order. */
  private catchUp(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed) return;
    const core = coreOf(this.terminal);
    for (const item of this.queue) {
      if (typeof item !== 'string') {
        this.terminal.resize(item.cols, item.rows);
        continue;
      }
      let text = item;
      if (this.resumeAtLine) {
        this.resumeAtLine = false;
        const line = text.indexOf('\n');
        if (line >= 0) text = text.slice(line + 1);
      }
      core.writeSync(text);
    }
    this.queue = [];
    this.queuedChars = 0;
  }

  /** A flood: keeps the newest MIRROR_KEEP_CHARS, interpreting only the controls of the rest. */
  private dropOldest(): void {
    const core = coreOf(this.terminal);
    while (this.queuedChars > MIRROR_KEEP_CHARS && this.queue.length > 1) {
      const item = this.queue.shift()!;
      if (typeof item !== 'string') {
        this.terminal.resize(item.cols, item.rows);
        continue;
      }
      this.queuedChars -= item.length;
      const controls = controlSkeleton(item);
      if (controls) core.writeSync(controls);
      this.lost = true;
      this.resumeAtLine = true;
    }
  }
}
