/** How tall a terminal is drawn: as tall as its output in a real (headless) xterm.js buffer. */
import { describe, expect, it } from 'vitest';
import xtermHeadless from '@xterm/headless';
import {
  EXPANDED_SHARE,
  TERMINAL_ROWS,
  expandedRows,
  usedRows,
} from '../../../src-renderer/terminal/terminal-size.js';

const { Terminal } = xtermHeadless;

async function rowsAfter(output: string): Promise<number> {
  const term = new Terminal({ cols: 40, rows: TERMINAL_ROWS, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(output, resolve));
  return usedRows(term.buffer.active, term.rows);
}

describe('usedRows', () => {
  it('is one row for one line of output, and for none', async () => {
    expect(await rowsAfter('hello\r\n')).toBe(1);
    expect(await rowsAfter('')).toBe(1);
  });

  it('counts a prompt waiting at the end of a line', async () => {
    expect(await rowsAfter('line\r\nYour name: ')).toBe(2);
  });

  it('counts down to the lowest line written, even when the cursor went back up', async () => {
    expect(await rowsAfter('a\r\nb\r\nc\r\n\x1b[3A')).toBe(3);
  });

  it('is the whole terminal once the output has scrolled', async () => {
    const lines = Array.from({ length: 41 }, (_, i) => `${i}`).join('\r\n');
    expect(await rowsAfter(lines)).toBe(TERMINAL_ROWS);
  });
});

describe('expandedRows', () => {
  it('takes most of the window, never fewer rows than usual', () => {
    expect(expandedRows(1000, 17)).toBe(Math.floor((1000 * EXPANDED_SHARE) / 17));
    expect(expandedRows(300, 17)).toBe(TERMINAL_ROWS);
    expect(expandedRows(1000, 0)).toBe(TERMINAL_ROWS);
  });
});
