/**
 * Entry of the engine process. Reads its data folder and run context from the environment, opens
 * the history store, serves an Engine to the parent, and shuts down cleanly (stopping running
 * steps, flushing output) when the parent goes away or asks it to terminate.
 */
import { join } from 'node:path';
import { HistoryStore } from '../history/index.js';
import type { RunContext } from '../run-model.js';
import { Engine } from './engine.js';
import type { EngineTransport } from './engine-protocol.js';
import { serveEngine } from './engine-server.js';
import { ENGINE_ENV } from './spawn-engine.js';
import { addRunlogToPath } from './runlog-shim.js';

/** An Electron utilityProcess talks through `process.parentPort` instead of `process.send`. */
interface ParentPort {
  postMessage(msg: unknown): void;
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
}

function parentTransport(): EngineTransport {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      send: (msg) => port.postMessage(msg),
      onMessage: (cb) => port.on('message', (e) => cb(e.data)),
      onExit: () => {},
    };
  }
  if (!process.send)
    throw new Error('The engine process must be started with an IPC channel (child_process.fork).');
  return {
    // After the parent is gone there is no one to tell; sending would throw and end the shutdown.
    send: (msg) => void (process.connected && process.send?.(msg)),
    onMessage: (cb) => void process.on('message', cb),
    onExit: () => {},
  };
}

function readContext(): RunContext {
  const raw = process.env[ENGINE_ENV.context];
  if (!raw) throw new Error(`${ENGINE_ENV.context} is not set: the engine needs the run context.`);
  return JSON.parse(raw) as RunContext;
}

function main(): void {
  const dataDir = process.env[ENGINE_ENV.dataDir];
  if (!dataDir)
    throw new Error(`${ENGINE_ENV.dataDir} is not set: the engine needs a data folder.`);
  const store = HistoryStore.open(join(dataDir, 'history.sqlite'), {
    ownerToken: process.env[ENGINE_ENV.ownerToken],
    door: process.env[ENGINE_ENV.door],
    recordsOutput: true,
  });
  addRunlogToPath(dataDir);
  const engine = new Engine({ recorder: store, dataDir, context: readContext() });
  const transport = parentTransport();
  let closing = false;
  /**
   * Closes the engine. A door that closes properly asks first (`shutdown`), and its open runs are
   * left open for any door to resume; a door that vanished (killed, crashed) only disconnects, and
   * the runs it held are interrupted: the record says the walk was cut, not that it paused.
   */
  const close = async (doorGone = false) => {
    if (closing) return;
    closing = true;
    await engine.shutdown(!doorGone).catch(() => {});
    try {
      if (doorGone) store.recoverInterrupted(store.ownerToken);
      store.close();
    } catch (err) {
      // A full disk can refuse the last write; the next start marks what it left as interrupted.
      process.stderr.write(`runlog engine: closing the history: ${(err as Error).message}\n`);
    }
    process.exit(0);
  };
  serveEngine(engine, transport, { onShutdown: () => void close() });
  process.on('disconnect', () => void close(true));
  process.on('SIGTERM', () => void close());
  process.on('SIGINT', () => void close());
  transport.send({ kind: 'ready', pid: process.pid, ownerToken: store.ownerToken });
}

main();
