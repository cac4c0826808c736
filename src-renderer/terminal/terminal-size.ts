/**
 * How tall a step's terminal is: as tall as its output, from one row up to a limit, then it
 * scrolls; the operator can enlarge it to nearly the window's height. The terminal itself keeps
 * its full number of rows (so the step's pty never changes size while it prints); only the part
 * below the last line written is cut off.
 */

/** Rows of a terminal at its usual size: a classic terminal's height, the step's pty size. */
export const TERMINAL_ROWS = 24;
/** Part of the window an enlarged terminal may take; the rest keeps the step's header in view. */
export const EXPANDED_SHARE = 0.8;

/** The parts of an xterm.js buffer the height depends on (its public `IBuffer` has them). */
export interface BufferLike {
  readonly baseY: number;
  readonly cursorY: number;
  readonly cursorX: number;
  getLine(y: number): { translateToString(trimRight?: boolean): string } | undefined;
}

/**
 * Rows of the screen that hold output: up to the last non-blank line or the cursor's line,
 * whichever is lower (a prompt waiting on its own line counts). All of them once the output has
 * scrolled (`baseY > 0`).
 */
export function usedRows(buffer: BufferLike, rows: number): number {
  if (buffer.baseY > 0) return rows;
  let last = buffer.cursorX > 0 ? buffer.cursorY : buffer.cursorY - 1;
  for (let y = rows - 1; y > last; y--) {
    if (buffer.getLine(y)?.translateToString(true)) {
      last = y;
      break;
    }
  }
  return Math.min(rows, Math.max(1, last + 1));
}

/** Rows an enlarged terminal has: nearly the window's height, never fewer than the usual. */
export function expandedRows(windowHeight: number, cellHeight: number): number {
  if (!(cellHeight > 0)) return TERMINAL_ROWS;
  return Math.max(TERMINAL_ROWS, Math.floor((windowHeight * EXPANDED_SHARE) / cellHeight));
}
