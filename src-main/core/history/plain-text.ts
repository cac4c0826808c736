/**
 * Turns raw terminal bytes into the text a person saw: a headless xterm.js interprets carriage
 * returns, cursor moves and colour codes exactly as the on-screen terminal does, so a progress
 * bar ends as its last state and colours vanish.
 */
import { coreOf, newHeadlessTerminal, type HeadlessTerminal } from '../headless-terminal.js';

/** Wide enough that ordinary command output does not wrap; wrapped rows are re-joined anyway. */
export const TEXT_COLUMNS = 200;
/** Rows of the visible screen; they count as part of the kept text. */
const TEXT_ROWS = 24;
/** Rows kept for the plain text: bounds memory (about 2.4 kB per row) for huge outputs. */
export const TEXT_SCROLLBACK_ROWS = 10_000;

/**
 * Outputs up to this size are interpreted whole. Past it only the last TAIL_BYTES are: the kept
 * text holds at most TEXT_SCROLLBACK_ROWS rows anyway, and interpreting tens of megabytes would
 * cost seconds of the engine's time.
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
 * Takes bytes as they arrive and gives the plain text when asked (at the step's end), in bounded
 * memory: the bytes are kept raw and interpreted only then, so recording a flood costs no terminal
 * time while it streams. UTF-8 sequences split between two feeds are joined by the terminal's own
 * decoder.
 */
export class PlainTextDeriver {
  /** The raw bytes kept: all of them up to FULL_PARSE_BYTES, past that the last TAIL_BYTES. */
  private kept: Uint8Array[] = [];
  private keptBytes = 0;
  /** Past FULL_PARSE_BYTES: only the tail is kept, and the line feeds dropped before it counted. */
  private tailOnly = false;
  private droppedNewlines = 0;
  private disposed = false;

  constructor(private readonly scrollback: number = TEXT_SCROLLBACK_ROWS) {}

  /** Keeps more output (a copy: the caller may reuse its buffer). */
  feed(bytes: Uint8Array): void {
    if (this.disposed || bytes.length === 0) return;
    this.kept.push(Uint8Array.from(bytes));
    this.keptBytes += bytes.length;
    if (!this.tailOnly && this.keptBytes <= FULL_PARSE_BYTES) return;
    this.tailOnly = true;
    while (this.kept.length > 1 && this.keptBytes - this.kept[0]!.length >= TAIL_BYTES) {
      const dropped = this.kept.shift()!;
      this.keptBytes -= dropped.length;
      this.droppedNewlines += countNewlines(dropped);
    }
  }

  /** The text so far, with a marker line for the rows only in the raw output. */
  read(): PlainText {
    const bytes = Buffer.concat(this.kept);
    // Of a tail, interpret from its first full line; everything before it counts as omitted.
    const start = this.tailOnly ? bytes.indexOf(NEWLINE) + 1 : 0;
    const before = this.tailOnly ? this.droppedNewlines + (start > 0 ? 1 : 0) : 0;
    const terminal = newTerminal(this.scrollback);
    let trimmed = 0;
    try {
      const core = coreOf(terminal);
      core.buffers.normal.lines.onTrim((count) => (trimmed += count));
      core.writeSync(bytes.subarray(start));
      return this.render(linesOf(terminal), before + trimmed);
    } finally {
      terminal.dispose();
    }
  }

  private render(lines: string[], omitted: number): PlainText {
    if (omitted > 0) lines.unshift(omittedMarker(omitted));
    return { text: lines.join('\n'), omittedLines: omitted };
  }

  /** Frees the kept bytes. */
  dispose(): void {
    this.disposed = true;
    this.kept = [];
    this.keptBytes = 0;
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
