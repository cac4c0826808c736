/**
 * Starts the engine in a child Node process (the browser host and the CLI's service use this; the
 * desktop app uses a utilityProcess with the same entry and protocol). A crash or a flood of
 * output in the engine never takes the caller down with it.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { RunContext } from '../run-model.js';
import { EngineClient } from './engine-client.js';

/** Environment variable names the child reads its configuration from. */
export const ENGINE_ENV = {
  dataDir: 'RUNLOG_DATA_DIR',
  context: 'RUNLOG_CONTEXT',
  ownerToken: 'RUNLOG_ENGINE_OWNER_TOKEN',
  door: 'RUNLOG_ENGINE_DOOR',
} as const;

export interface ForkEngineOptions {
  dataDir: string;
  context: RunContext;
  /** The child's entry module; default: child-main beside this file (.js when built). */
  entry?: string;
  /** Node options for the child (tests pass `['--import', 'tsx']` to run the TypeScript entry). */
  execArgv?: string[];
  /** The door the engine serves ('app', 'host', 'cli'), named when another process is refused its runs. */
  door?: string;
}

function defaultEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return here.replace(/fork-engine\.(ts|js|mjs)$/, (_m, ext: string) => `child-main.${ext}`);
}

/** Forks an engine process and returns its client; `client.pid` and `client.ownerToken` are set at once. */
export function forkEngine(options: ForkEngineOptions): EngineClient {
  const ownerToken = randomBytes(16).toString('hex');
  const entry = options.entry ?? defaultEntry();
  const child = fork(entry, [], {
    serialization: 'advanced',
    // Its own process group: a Ctrl-C typed at the CLI's terminal is the CLI's to turn into a
    // clean stop of the step, not a signal that kills the engine under it.
    detached: true,
    execArgv: options.execArgv ?? (entry.endsWith('.ts') ? ['--import', 'tsx'] : []),
    env: {
      ...process.env,
      [ENGINE_ENV.dataDir]: options.dataDir,
      [ENGINE_ENV.context]: JSON.stringify(options.context),
      [ENGINE_ENV.ownerToken]: ownerToken,
      [ENGINE_ENV.door]: options.door ?? '',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const client = new EngineClient({
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
  });
  client.pid = child.pid;
  client.ownerToken = ownerToken;
  return client;
}
