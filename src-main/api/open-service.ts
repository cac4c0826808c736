/**
 * Opens everything a door needs — data folder, history, library, engine —
 * and returns the Service. The app, the browser host and the CLI all start
 * here, so they share one data folder and one way of doing things.
 */
import { join } from 'node:path';
import { Library } from '../core/runbook/library.js';
import { HistoryStore, ensureDataDir, resolveDataDir } from '../core/history/index.js';
import { APP_VERSION, bundledRunbooksDir, runContext } from './app-context.js';
import { EngineSupervisor, type EngineStarter } from './engine-supervisor.js';
import { Service } from './service.js';

export interface OpenServiceOptions {
  /** --data-dir; else RUNLOG_DATA_DIR; else the platform's application-data folder. */
  dataDir?: string;
  /** Extra runbook folders (--runbooks); the bundled folder is always included. */
  runbookDirs?: string[];
  bundledDir?: string;
  transport: 'ipc' | 'websocket' | 'cli';
  /** How to start an engine; default: a forked Node child. */
  startEngine?: EngineStarter;
  /** Watch the runbook folders and tell subscribers of changes. */
  watch?: boolean;
}

export interface OpenedService {
  service: Service;
  dataDir: string;
  store: HistoryStore;
  library: Library;
  close(): Promise<void>;
}

export const HISTORY_FILE = 'history.sqlite';

export async function openService(options: OpenServiceOptions): Promise<OpenedService> {
  const dataDir = resolveDataDir({ flag: options.dataDir });
  ensureDataDir(dataDir);
  const store = HistoryStore.open(join(dataDir, HISTORY_FILE));
  const library = new Library({
    bundledDir: options.bundledDir ?? bundledRunbooksDir(),
    extraDirs: options.runbookDirs ?? [],
  });
  await library.load();
  const engine = new EngineSupervisor({
    dataDir,
    context: runContext(),
    store,
    start: options.startEngine,
  });
  const service = new Service({
    library,
    store,
    engine,
    dataDir,
    appVersion: APP_VERSION,
    transport: options.transport,
    notices: [...store.notices, ...engine.notices],
  });
  if (options.watch) library.watch((files) => service.libraryChanged(files));
  return {
    service,
    dataDir,
    store,
    library,
    close: async () => {
      library.close();
      await engine.close();
      store.close();
    },
  };
}
