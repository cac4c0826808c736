/**
 * Starts the engine in an Electron utilityProcess (the app's pty host), so a
 * native crash or a flood of output never freezes the window. The entry is
 * the same engine process the CLI and the browser host fork.
 */
import type { UtilityProcess } from 'electron';
import { randomBytes } from 'node:crypto';
import { EngineClient } from '../core/engine/engine-client.js';
import { ENGINE_ENV } from '../core/engine/fork-engine.js';
import type { EngineHandle, EngineStarter } from '../api/engine-supervisor.js';

type ForkFn = (
  modulePath: string,
  args?: string[],
  options?: Electron.ForkOptions,
) => UtilityProcess;

export function utilityEngineStarter(utility: { fork: ForkFn }, entry: string): EngineStarter {
  return ({ dataDir, context, door }) => {
    const ownerToken = randomBytes(16).toString('hex');
    const child = utility.fork(entry, [], {
      serviceName: 'Runlog engine',
      stdio: 'inherit',
      env: {
        ...process.env,
        [ENGINE_ENV.dataDir]: dataDir,
        [ENGINE_ENV.context]: JSON.stringify(context),
        [ENGINE_ENV.ownerToken]: ownerToken,
        [ENGINE_ENV.door]: door,
      },
    });
    const client = new EngineClient({
      send: (msg) => child.postMessage(msg),
      onMessage: (cb) => void child.on('message', cb),
      onExit: (cb) => void child.on('exit', cb),
    });
    client.pid = child.pid;
    client.ownerToken = ownerToken;
    return client as unknown as EngineHandle;
  };
}
