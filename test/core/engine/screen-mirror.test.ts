import { afterEach, describe, expect, it } from 'vitest';
import {
  controlSkeleton,
  MIRROR_BACKLOG_CHARS,
  MIRROR_SCROLLBACK_ROWS,
  ScreenMirror,
} from '../../../src-main/core/engine/screen-mirror.js';
import {
  coreOf,
  newHeadlessTerminal,
  type HeadlessTerminal,
} from '../../../src-main/core/headless-terminal.js';

const mirrors: ScreenMirror[] = [];
const terminals: HeadlessTerminal[] = [];
afterEach(() => {
  for (const m of mirrors.splice(0)) m.dispose();
  for (const t of terminals.splice(0)) t.dispose();
});

function mirror(cols = 80, rows = 24): ScreenMirror {
  const m = new ScreenMirror(cols, rows);
  mirrors.push(m);
  return m;
}

/** A terminal that interprets `text` whole: the true screen. */
function reference(text: string, cols = 80, rows = 24): HeadlessTerminal {
  const t = newHeadlessTerminal({ cols, rows, scrollback: MIRROR_SCROLLBACK_ROWS });
  terminals.push(t);
  coreOf(t).writeSync(text);
  return t;
}

/** The visible rows of a terminal, and where its cursor is. */
function screenOf(t: HeadlessTerminal): { rows: string[]; cursor: [number, number] } {
  const b = t.buffer.active;
  const rows: string[] = [];
  for (let i = 0; i < t.rows; i++) rows.push(b.getLine(b.baseY + i)?.translateToString(true) ?? '');
  return { rows, cursor: [b.cursorX, b.cursorY] };
}

/** What a viewer shows after writing a serialised screen to a fresh terminal of the same size. */
function restored(data: string, cols = 80, rows = 24): HeadlessTerminal {
  return reference(data, cols, rows);
}

/** The given text written in batches of `size` characters. */
function writeIn(m: ScreenMirror, text: string, size: number): void {
  for (let i = 0; i < text.length; i += size) m.write(text.slice(i, i + size));
}

describe('the screen mirror of a running step', () => {
  it('restores exactly the screen a terminal shows after typing, colours and a progress bar', () => {
    const text =
      '$ make\r\n\x1b[32mok\x1b[0m compiled 3 files\r\n' +
      Array.from({ length: 40 }, (_, i) => `\rprogress ${i * 2}%`).join('') +
      '\r\n\x1b[1;31merror:\x1b[0m missing ;\r\nPassword: ';
    const m = mirror();
    writeIn(m, text, 7);
    const { data, complete } = m.serialize();
    expect(complete).toBe(true);
    expect(screenOf(restored(data))).toEqual(screenOf(reference(text)));
    expect(data).toContain('\x1b[32m');
  });

  it('ends a flood with the true last lines and screen, in bounded work, and says it is incomplete', () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `line ${i} ${'x'.repeat(60)}`);
    const text = `${lines.join('\r\n')}\r\n$ `;
    const m = mirror();
    writeIn(m, text, 64 * 1024);
    const { data, complete } = m.serialize();
    expect(complete).toBe(false);
    expect(data.length).toBeLessThan(MIRROR_BACKLOG_CHARS);
    expect(screenOf(restored(data))).toEqual(screenOf(reference(text)));
    expect(data).toContain(`line 59999 `);
  });

  it('keeps modes set before the part of a flood it drops: colour and the alternate screen', () => {
    const filler = Array.from({ length: 40_000 }, (_, i) => `row ${i}`).join('\r\n');
    const text = `\x1b[?1049h\x1b[33m${filler}\r\nlast`;
    const m = mirror();
    writeIn(m, text, 64 * 1024);
    const { data } = m.serialize();
    expect(data).toContain('\x1b[?1049h');
    const shown = restored(data);
    expect(shown.buffer.active.type).toBe('alternate');
    expect(screenOf(shown)).toEqual(screenOf(reference(text)));
    // The last cell written is yellow (palette colour 3), as in the true screen.
    const cell = shown.buffer.active.getLine(shown.buffer.active.cursorY)?.getCell(0);
    expect(cell?.getFgColor()).toBe(3);
  });

  it('follows a resize at its place in the output', () => {
    const m = mirror(80, 10);
    m.write('before the resize\r\n');
    m.resize(40, 10);
    const long = 'y'.repeat(70);
    m.write(long);
    const { data } = m.serialize();
    const shown = restored(data, 40, 10);
    const wrapped = reference(`before the resize\r\n`, 80, 10);
    wrapped.resize(40, 10);
    coreOf(wrapped).writeSync(long);
    expect(screenOf(shown)).toEqual(screenOf(wrapped));
  });

  it('extracts only control sequences from dropped text, and nothing from plain text', () => {
    expect(controlSkeleton('plain base64 text\r\n'.repeat(100))).toBe('');
    expect(controlSkeleton('a\x1b[31mred\x1b[0m b \x1b]0;title\x07 c\x1b(0\x0e')).toBe(
      '\x1b[31m\x1b[0m\x1b]0;title\x07\x1b(0\x0e',
    );
  });
});
