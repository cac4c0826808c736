/**
 * The shapes every `runlog` subcommand shares. A leaf module: the command table imports the
 * commands, and the commands import only these types, so no module of the CLI imports another
 * in a circle.
 */
import type { ParseArgsConfig } from 'node:util';
import type { CliIO } from './cli-io.js';

export interface GlobalOptions {
  dataDir?: string;
  runbooks: string[];
  json: boolean;
}

export interface CommandContext {
  argv: string[];
  io: CliIO;
  values?: Record<string, unknown>;
  positionals?: string[];
  globals?: GlobalOptions;
}

/** What a parsed command receives. */
export type Parsed = Required<CommandContext>;

/** One subcommand: its usage text, its options and what it does. */
export interface CommandSpec {
  usage: string;
  options?: ParseArgsConfig['options'];
  /** The command parses its own arguments (the built-in tools). */
  passThrough?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

/**
 * A row of the command table: the one-line summary that `runlog --help` prints, and the module
 * that implements the command, loaded only when that command runs (so `--help` loads nothing).
 */
export interface CommandEntry {
  summary: string;
  load(): Promise<CommandSpec>;
}
