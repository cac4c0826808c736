/**
 * Starts the engine in an Electron utilityProcess (the app's pty host), so a native crash or a
 * flood of output never freezes the window. Only the launcher is Electron's: the entry, its
 * environment and the protocol are those of spawnEngine, as for the CLI and the browser host.
 */
import type { UtilityProcess } from 'electron';
import { spawnEngine, type ProcessLauncher } from '../core/engine/spawn-engine.js';
import type { EngineStarter } from '../core/engine/engine-supervisor.js';

type ForkFn = (
  modulePath: string,
  args?: string[],
  options?: Electron.ForkOptions,
) => UtilityProcess;

/** Launches the engine entry as a utilityProcess; it talks through postMessage. */
export function utilityLauncher(utility: { fork: ForkFn }): ProcessLauncher {
  return (entry, env, flags) => {
    const child = utility.fork(entry, [], {
      serviceName: 'Runlog engine',
      stdio: 'inherit',
      env,
      execArgv: [...flags],
    });
    return {
      pid: child.pid,
      transport: {
        send: (msg) => child.postMessage(msg),
        onMessage: (cb) => void child.on('message', cb),
        onExit: (cb) => void child.on('exit', cb),
      },
    };
  };
}

/** The app's way to start an engine: spawnEngine with the utilityProcess launcher. */
export function utilityEngineStarter(utility: { fork: ForkFn }, entry: string): EngineStarter {
  return (args) => spawnEngine({ ...args, entry, launch: utilityLauncher(utility) });
}
