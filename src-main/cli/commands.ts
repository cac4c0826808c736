/** The table of `runlog` subcommands. Each is a thin call into the service or a core tool. */
import type { ParseArgsConfig } from 'node:util';
import type { CliIO } from './cli-io.js';
import { listCommand, showCommand } from './library-commands.js';
import { historyCommand } from './history-command.js';
import { exportCommand, verifyCommand } from './evidence-commands.js';
import { serveCommand } from './serve-command.js';
import { runCommand } from './run-command.js';
import { toolCommand } from './tool-commands.js';

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

export interface CommandSpec {
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  /** The command parses its own arguments (the built-in tools). */
  passThrough?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

export const COMMANDS: Record<string, CommandSpec> = {
  list: listCommand,
  show: showCommand,
  run: runCommand,
  history: historyCommand,
  export: exportCommand,
  verify: verifyCommand,
  serve: serveCommand,
  bogons: toolCommand('bogons'),
  tnsnames: toolCommand('tnsnames'),
};
