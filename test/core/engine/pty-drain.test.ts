import { describe, expect, it } from 'vitest';
import { PtySession } from '../../../src-main/core/engine/pty-session.js';

/** Keeps the event loop busy, as a burst of history writes can. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

describe('the end of a step’s output', () => {
  it('is kept when the event loop is busy as the program exits (no bytes lost to the pty teardown)', async () => {
    const expected = 2 * 1024 * 1024;
    let received = 0;
    const session = new PtySession({
      file: 'bash',
      args: ['-c', `head -c ${expected} /dev/zero | tr '\\0' 'a'`],
      cwd: process.cwd(),
      env: { ...process.env, TERM: 'xterm-256color' } as Record<string, string>,
      onBytes: (bytes) => {
        received += bytes.length;
        // Slow writes near the end, each shorter than node-pty's 200 ms teardown but together longer.
        if (received > expected - 256 * 1024) busy(60);
      },
      onText: () => {},
    });
    const result = await session.done;
    expect(result.exitCode).toBe(0);
    expect(received).toBe(expected);
  });
});
