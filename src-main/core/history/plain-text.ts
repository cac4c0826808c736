/**
 * Turns raw terminal bytes into the text a person saw: a headless xterm.js interprets carriage
 * returns, cursor moves and colour codes exactly as the on-screen terminal does, so a progress
 * bar ends as its last state and colours vanish.
 */
import xtermHeadless from '@xterm/headless';

const { Terminal } = xtermHeadless;

/** Wide enough that ordinary command output does not wrap; wrapped rows are re-joined anyway. */
export const TEXT_COLUMNS = 200;
/** Rows of the visible screen; they count as part of the kept text. */
const TEXT_ROWS = 24;
/** Rows kept for the plain text: bounds memory (about 2.4 kB per row) for huge outputs. */
export const TEXT_SCROLLBACK_ROWS = 10_000;

/** The parts of xterm.js's core used here, which its public typings do not declare. */
interface TerminalInternals {
  _core: {
    /** Parses synchronously, so the text is complete when the step's end is recorded. */
    writeSync(data: Uint8Array | string): void;
    buffers: { normal: { lines: { onTrim(listener: (count: number) => void): unknown } } };
  };
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
  private readonly terminal: InstanceType<typeof Terminal>;
  private readonly core: TerminalInternals['_core'];
  private trimmed = 0;
  private disposed = false;

  constructor(scrollback: number = TEXT_SCROLLBACK_ROWS) {
    this.terminal = new Terminal({
      cols: TEXT_COLUMNS,
      rows: TEXT_ROWS,
      scrollback,
      allowProposedApi: true,
      // A bare line feed starts a new line, as a reader expects, even without a pty's onlcr.
      convertEol: true,
      logLevel: 'off',
    });
    this.core = (this.terminal as unknown as TerminalInternals)._core;
    if (typeof this.core?.writeSync !== 'function') {
      throw new Error('@xterm/headless no longer offers a synchronous write; update plain-text.ts');
    }
    this.core.buffers.normal.lines.onTrim((count) => {
      this.trimmed += count;
    });
  }

  /** Interprets more output. */
  feed(bytes: Uint8Array): void {
    if (this.disposed || bytes.length === 0) return;
    this.core.writeSync(bytes);
  }

  /** The text so far: rows joined, wrapped rows re-joined, trailing empty lines trimmed. */
  read(): PlainText {
    const buffer = this.terminal.buffer.normal;
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
    if (this.trimmed > 0) lines.unshift(omittedMarker(this.trimmed));
    return { text: lines.join('\n'), omittedLines: this.trimmed };
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
