/**
 * Turns raw terminal bytes into the text a person saw: a headless xterm.js interprets carriage
 * returns, cursor moves and colour codes exactly as the on-screen terminal does, so a progress
 * bar ends as its last state and colours vanish.
 *
 * Secret values are blanked out of that text as well (the raw bytes were already redacted, but a
 * program can draw a secret on the screen in pieces, with cursor movements the byte stream does
 * not reveal): what is stored and indexed for search is the text as shown, redacted.
 */
import { coreOf, newHeadlessTerminal, type HeadlessTerminal } from '../headless-terminal.js';
import { redactText } from '../engine/secret-policy.js';

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

/**
 * Where to start interpreting a tail: after its first line feed (the line it cuts is incomplete),
 * or later, after the line feed that begins its last `rows` lines, when it has more lines than
 * the kept text can hold (interpreting them would only push them out again).
 */
function tailStart(bytes: Buffer, rows: number): number {
  let at = bytes.length;
  for (let n = 0; n <= rows && at > 0; n++) at = bytes.lastIndexOf(NEWLINE, at - 1);
  return Math.max(bytes.indexOf(NEWLINE), at) + 1;
}

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
 * time while it streams. Up to FULL_PARSE_BYTES they are all kept; past that only the last
 * TAIL_BYTES, in a ring that is written over (no allocation per piece). UTF-8 sequences split
 * between two pieces are joined by the terminal's own decoder.
 */
export class PlainTextDeriver {
  /** The bytes kept: a growing buffer up to FULL_PARSE_BYTES, then a ring of TAIL_BYTES. */
  private kept = new Uint8Array(0);
  private keptBytes = 0;
  /** In tail mode: where the oldest kept byte is, and the line feeds of the bytes written over. */
  private tailOnly = false;
  private ringStart = 0;
  private droppedNewlines = 0;

  constructor(
    private readonly scrollback: number = TEXT_SCROLLBACK_ROWS,
    /** Secret values to blank out of the text (held in memory only). */
    private readonly secrets: readonly string[] = [],
  ) {}

  /** Keeps more output (copied: the caller may reuse its buffer). */
  feed(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (!this.tailOnly && this.keptBytes + bytes.length <= FULL_PARSE_BYTES) {
      this.grow(this.keptBytes + bytes.length);
      this.kept.set(bytes, this.keptBytes);
      this.keptBytes += bytes.length;
      return;
    }
    if (!this.tailOnly) this.toTail();
    // Only the last TAIL_BYTES of a large piece can stay; its earlier bytes are dropped at once.
    const skip = Math.max(0, bytes.length - TAIL_BYTES);
    if (skip > 0) this.droppedNewlines += countNewlines(bytes.subarray(0, skip));
    for (let from = skip; from < bytes.length;) {
      const at = (this.ringStart + this.keptBytes) % TAIL_BYTES;
      const n = Math.min(bytes.length - from, TAIL_BYTES - at);
      const over = Math.max(0, this.keptBytes + n - TAIL_BYTES);
      if (over > 0) {
        this.droppedNewlines += countNewlines(this.kept.subarray(at, at + over));
        this.ringStart = (this.ringStart + over) % TAIL_BYTES;
        this.keptBytes -= over;
      }
      this.kept.set(bytes.subarray(from, from + n), at);
      this.keptBytes += n;
      from += n;
    }
  }

  /** The text so far, with a marker line for the rows only in the raw output. */
  read(): PlainText {
    const bytes = this.keptInOrder();
    // Of a tail, interpret from the first full line of the last rows that can be kept; every
    // line before it counts as omitted.
    const start = this.tailOnly ? tailStart(bytes, this.scrollback + TEXT_ROWS) : 0;
    const before = this.tailOnly
      ? this.droppedNewlines + countNewlines(bytes.subarray(0, start))
      : 0;
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

  /** Frees the kept bytes. */
  dispose(): void {
    this.kept = new Uint8Array(0);
    this.keptBytes = 0;
  }

  /** Room for `size` bytes, doubling (a small output keeps a small buffer). */
  private grow(size: number): void {
    if (size <= this.kept.length) return;
    const next = new Uint8Array(Math.min(FULL_PARSE_BYTES, Math.max(size, 2 * this.kept.length)));
    next.set(this.kept.subarray(0, this.keptBytes));
    this.kept = next;
  }

  /** Past FULL_PARSE_BYTES: keeps the last TAIL_BYTES in a ring, counting the lines dropped. */
  private toTail(): void {
    const head = this.kept.subarray(0, this.keptBytes);
    const keep = Math.min(head.length, TAIL_BYTES);
    this.droppedNewlines += countNewlines(head.subarray(0, head.length - keep));
    const ring = new Uint8Array(TAIL_BYTES);
    ring.set(head.subarray(head.length - keep));
    this.kept = ring;
    this.keptBytes = keep;
    this.ringStart = 0;
    this.tailOnly = true;
  }

  private keptInOrder(): Buffer {
    if (!this.tailOnly) return Buffer.from(this.kept.buffer, 0, this.keptBytes);
    const first = this.kept.subarray(
      this.ringStart,
      Math.min(TAIL_BYTES, this.ringStart + this.keptBytes),
    );
    const rest = this.kept.subarray(0, this.keptBytes - first.length);
    return Buffer.concat([first, rest]);
  }

  private render(lines: string[], omitted: number): PlainText {
    if (omitted > 0) lines.unshift(omittedMarker(omitted));
    return { text: redactText(lines.join('\n'), this.secrets), omittedLines: omitted };
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
