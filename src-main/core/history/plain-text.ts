/**
 * Turns raw terminal bytes into the text a person saw: a headless xterm.js interprets carriage
 * returns, cursor moves and colour codes exactly as the on-screen terminal does, so a progress
 * bar ends as its last state and colours vanish.
 */
import {
  coreOf,
  newHeadlessTerminal,
  type HeadlessTerminal,
  type TerminalCore,
} from '../headless-terminal.js';

/** Wide enough that ordinary command output does not wrap; wrapped rows are re-joined anyway. */
export const TEXT_COLUMNS = 200;
/** Rows of the visible screen; they count as part of the kept text. */
const TEXT_ROWS = 24;
/** Rows kept for the plain text: bounds memory (about 2.4 kB per row) for huge outputs. */
export const TEXT_SCROLLBACK_ROWS = 10_000;

/**
 * Outputs up to this size are interpreted whole. Past it only the last TAIL_BYTES are: the kept
 * text holds at most TEXT_SCROLLBACK_ROWS rows anyway, and interpreting tens of megabytes would
 * cost seconds of the engine's time while the step streams.
 */
export const FULL_PARSE_BYTES = 4 * 1024 * 1024;
/** Enough raw bytes for the kept rows (10,000 rows of 200 columns). */
export const TAIL_BYTES = 2 * 1024 * 1024;
const NEWLINE = 0x0a;

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

function newTerminal(scrollback: number): HeadlessTerminal {
  return newHeadlessTerminal({
    cols: TEXT_COLUMNS,
    rows: TEXT_ROWS,
    scrollback,
    // A bare line feed starts a new line, as a reader expects, even without a pty's onlcr.
    convertEol: true,
  });
}

/** The rows of a terminal as text: wrapped rows re-joined, trailing empty lines trimmed. */
function linesOf(terminal: HeadlessTerminal): string[] {
  const buffer = terminal.buffer.normal;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const row = buffer.getLine(i);
    if (!row) continue;
    const next = buffer.getLine(i + 1);
    const continues = next?.isWrapped === true;
    const text = row.translateToString(!continues);
    if (row.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The result of a derivation. */
export interface PlainText {
  text: string;
  /** Rows dropped off the top of the kept text; they are only in the raw output. */
  omittedLines: number;
}

/** The marker line that replaces rows dropped from a very long output. */
export function omittedMarker(count: number): string {
  return `[… ${count} earlier line${count === 1 ? '' : 's'} only in the raw output]`;
}

/**
 * Feeds bytes as they arrive and gives the plain text at the end, in bounded memory. UTF-8
 * sequences split between two feeds are joined by the terminal's own decoder.
 */
export class PlainTextDeriver {
  private readonly terminal: HeadlessTerminal;
  private readonly core: TerminalCore;
  private trimmed = 0;
  private disposed = false;
  /** Bytes interpreted so far, and the line feeds among them. */
  private fed = 0;
  private fedNewlines = 0;
  /** Past FULL_PARSE_BYTES: the last raw bytes, and the line feeds of those dropped before them. */
  private tail: Uint8Array[] | undefined;
  private tailBytes = 0;
  private droppedNewlines = 0;

  constructor(private readonly scrollback: number = TEXT_SCROLLBACK_ROWS) {
    this.terminal = newTerminal(scrollback);
    this.core = coreOf(this.terminal);
    this.core.buffers.normal.lines.onTrim((count) => {
      this.trimmed += count;
    });
  }

  /** Interprets more output (or, past FULL_PARSE_BYTES, keeps its tail for the end). */
  feed(bytes: Uint8Array): void {
    if (this.disposed || bytes.length === 0) return;
    if (!this.tail && this.fed + bytes.length <= FULL_PARSE_BYTES) {
      this.core.writeSync(bytes);
      this.fed += bytes.length;
      this.fedNewlines += countNewlines(bytes);
      return;
    }
    this.tail ??= [];
    this.tail.push(Uint8Array.from(bytes));
    this.tailBytes += bytes.length;
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= TAIL_BYTES) {
      const dropped = this.tail.shift()!;
      this.tailBytes -= dropped.length;
      this.droppedNewlines += countNewlines(dropped);
    }
  }

  /** The text so far, with a marker line for the rows only in the raw output. */
  read(): PlainText {
    if (!this.tail) return this.render(linesOf(this.terminal), this.trimmed);
    // Interpret the tail from its first full line; everything before it counts as omitted.
    const bytes = Buffer.concat(this.tail);
    const start = bytes.indexOf(NEWLINE) + 1;
    const terminal = newTerminal(this.scrollback);
    let trimmed = 0;
    try {
      const core = coreOf(terminal);
      core.buffers.normal.lines.onTrim((count) => (trimmed += count));
      core.writeSync(bytes.subarray(start));
      const before = this.fedNewlines + this.droppedNewlines + (start > 0 ? 1 : 0);
      return this.render(linesOf(terminal), before + trimmed);
    } finally {
      terminal.dispose();
    }
  }

  private render(lines: string[], omitted: number): PlainText {
    if (omitted > 0) lines.unshift(omittedMarker(omitted));
    return { text: lines.join('\n'), omittedLines: omitted };
  }

  /** Frees the terminal's buffers. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.terminal.dispose();
  }
}

/** Derives the plain text of a whole output given as a sequence of chunks. */
export function derivePlainText(chunks: Iterable<Uint8Array>): PlainText {
  const deriver = new PlainTextDeriver();
  try {
    for (const chunk of chunks) deriver.feed(chunk);
    return deriver.read();
  } finally {
    deriver.dispose();
  }
}
