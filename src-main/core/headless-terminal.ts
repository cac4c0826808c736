/**
 * The headless xterm.js terminal that interprets recorded output (the plain text of a step) and
 * mirrors a running step's screen (what a late or slow viewer is shown). It is loaded on first
 * use: a command that never interprets output (`runlog --help`, `list`, `show`, `history`) never
 * pays for parsing the library.
 */
import { createRequire } from 'node:module';
import type * as Headless from '@xterm/headless';

export type HeadlessTerminal = Headless.Terminal;
export type HeadlessOptions = NonNullable<ConstructorParameters<typeof Headless.Terminal>[0]>;

let loaded: typeof Headless | undefined;

/** A new headless terminal; the library is loaded the first time one is made. */
export function newHeadlessTerminal(options: HeadlessOptions): HeadlessTerminal {
  loaded ??= createRequire(import.meta.url)('@xterm/headless') as typeof Headless;
  return new loaded.Terminal({ allowProposedApi: true, logLevel: 'off', ...options });
}

/** The parts of xterm.js's core used here, which its public typings do not declare. */
export interface TerminalCore {
  /** Parses synchronously: the text is complete when the caller reads the buffer. */
  writeSync(data: Uint8Array | string): void;
  buffers: { normal: { lines: { onTrim(listener: (count: number) => void): unknown } } };
}

/** The core of a headless terminal; refuses a version of xterm.js that changed it. */
export function coreOf(terminal: HeadlessTerminal): TerminalCore {
  const core = Reflect.get(terminal, '_core') as TerminalCore | undefined;
  if (typeof core?.writeSync !== 'function') {
    throw new Error(
      '@xterm/headless no longer offers a synchronous write; update headless-terminal.ts',
    );
  }
  return core;
}
