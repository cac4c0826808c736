/**
 * Starts the engine in a process of its own and returns its client: a forked Node child for the
 * browser host and the CLI, an Electron utilityProcess for the desktop app (its launcher comes
 * from src-main/electron). Either way the process gets the same entry, environment and protocol,
 * and a crash or a flood of output in the engine never takes the caller down with it.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { RunContext } from '../run-model.js';
import { connectEngine, type EngineClient } from './engine-client.js';
import type { EngineTransport } from './engine-protocol.js';

/** Environment variable names the engine process reads its configuration from. */
export const ENGINE_ENV = {
  dataDir: 'RUNLOG_DATA_DIR',
  context: 'RUNLOG_CONTEXT',
  ownerToken: 'RUNLOG_ENGINE_OWNER_TOKEN',
  door: 'RUNLOG_ENGINE_DOOR',
} as const;

/**
 * V8 flags of the engine process. A flood of output makes megabytes of short-lived strings and
 * buffers per second; a small young generation collects them often and cheaply instead of letting
 * the process grow by tens of megabytes before each collection.
 */
export const ENGINE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/** A started engine process: its pid and the way to talk to it. */
export interface EngineProcess {
  pid?: number;
  transport: EngineTransport;
}

/** Starts the module `entry` as a process with `env` and the V8 `flags`. */
export type ProcessLauncher = (
  entry: string,
  env: NodeJS.ProcessEnv,
  flags: readonly string[],
) => EngineProcess;

export interface SpawnEngineOptions {
  dataDir: string;
  context: RunContext;
  /** The door the engine serves ('app', 'host', 'cli'), named when another process is refused its runs. */
  door?: string;
  /** The engine's entry module; default: child-main beside this file (.js when built). */
  entry?: string;
  /** How to start the process; default: child_process.fork (see forkLauncher). */
  launch?: ProcessLauncher;
}

function defaultEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return here.replace(/spawn-engine\.(ts|js|mjs)$/, (_m, ext: string) => `child-main.${ext}`);
}

/** child_process.fork with an IPC channel; a TypeScript entry (the tests') is loaded through tsx. */
export function forkLauncher(): ProcessLauncher {
  return (entry, env, flags) => {
    const child = fork(entry, [], {
      serialization: 'advanced',
      // Its own process group: a Ctrl-C typed at the CLI's terminal is the CLI's to turn into a
      // clean stop of the step, not a signal that kills the engine under it.
      detached: true,
      execArgv: [...flags, ...(entry.endsWith('.ts') ? ['--import', 'tsx'] : [])],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const transport: EngineTransport = {
      send: (msg) => {
        if (!child.connected) throw new Error('the engine process is not connected');
        child.send(msg as never);
      },
      onMessage: (cb) => void child.on('message', cb),
      onExit: (cb) => {
        let reported = false;
        const report = (code: number | null) => {
          if (!reported) {
            reported = true;
            cb(code);
          }
        };
        child.on('exit', (code) => report(code));
        child.on('error', () => report(null));
      },
    };
    return { pid: child.pid, transport };
  };
}

/** Starts an engine process; its client's `pid` and `ownerToken` are set at once. */
export function spawnEngine(options: SpawnEngineOptions): EngineClient {
  const ownerToken = randomBytes(16).toString('hex');
  const launch = options.launch ?? forkLauncher();
  const env = {
    ...process.env,
    [ENGINE_ENV.dataDir]: options.dataDir,
    [ENGINE_ENV.context]: JSON.stringify(options.context),
    [ENGINE_ENV.ownerToken]: ownerToken,
    [ENGINE_ENV.door]: options.door ?? '',
  };
  const started = launch(options.entry ?? defaultEntry(), env, ENGINE_V8_FLAGS);
  const client = connectEngine(started.transport);
  client.pid = started.pid;
  client.ownerToken = ownerToken;
  return client;
}
