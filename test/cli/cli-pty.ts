/**
 * The built `runlog` CLI on a real pseudo-terminal, driven like an operator at a keyboard: the
 * project's own PtySession runs it, every byte it writes is kept, and the screen is what a
 * terminal shows of those bytes (derivePlainText, the headless xterm the history uses).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PtySession, type SessionResult } from '../../src-main/core/engine/pty-session.js';
import { derivePlainText } from '../../src-main/core/history/plain-text.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'out', 'main', 'cli.js');
/** The tests drive the build (npm test builds it first). */
export const BUILT = existsSync(CLI);

/** Long enough for a run on the shared two-core machine; a hang is a failure, not a wait. */
const WAIT_MS = 45_000;
const POLL_MS = 50;

/** One `runlog` process on a pty. */
export class CliPty {
  private readonly chunks: Buffer[] = [];
  readonly session: PtySession;
  readonly done: Promise<SessionResult>;

  constructor(
    args: string[],
    options: { env?: Record<string, string>; cwd?: string; runAs?: string[] } = {},
  ) {
    const env = {
      ...(process.env as Record<string, string>),
      TERM: 'xterm-256color',
      ...options.env,
    };
    const command = [...(options.runAs ?? []), process.execPath, CLI, ...args];
    this.session = new PtySession({
      file: command[0]!,
      args: command.slice(1),
      cwd: options.cwd ?? ROOT,
      env,
      cols: 120,
      rows: 40,
      onBytes: (bytes) => this.chunks.push(Buffer.from(bytes)),
      onText: () => {},
    });
    this.done = this.session.done;
  }

  /** Every byte the terminal received. */
  raw(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  /** The text on the screen (and in its scrollback), as a terminal shows those bytes. */
  screen(): string {
    return derivePlainText(this.chunks).text;
  }

  /** Waits until the screen shows `pattern` (after `from` characters of it); throws with the screen when it does not. */
  async waitFor(pattern: RegExp | string, from = 0): Promise<number> {
    const end = Date.now() + WAIT_MS;
    for (;;) {
      const text = this.screen().slice(from);
      const at = typeof pattern === 'string' ? text.indexOf(pattern) : text.search(pattern);
      if (at !== -1) return from + at;
      if (Date.now() > end)
        throw new Error(`the screen never showed ${String(pattern)}:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Types keys, as at the keyboard. */
  type(keys: string): void {
    this.session.write(keys);
  }

  /** The exit code once the CLI ended. */
  async exitCode(): Promise<number | undefined> {
    return (await this.done).exitCode;
  }
}

/** A temporary folder, and a way to remove it. */
export function tempFolder(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
