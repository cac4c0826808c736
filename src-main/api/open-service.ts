/**
 * Opens everything a door needs — data folder, history, library, engine —
 * and returns the Service. The app, the browser host and the CLI all start
 * here, so they share one data folder and one way of doing things.
 */
import { join } from 'node:path';
import { Library } from '../core/runbook/library.js';
import { readSettings } from '../core/settings.js';
import { HistoryStore, ensureDataDir, resolveDataDir } from '../core/history/index.js';
import { superviseEngine, type EngineStarter } from '../core/engine/engine-supervisor.js';
import { spawnEngine } from '../core/engine/spawn-engine.js';
import { APP_VERSION, bundledRunbooksDir, engineEntry, runContext } from './app-context.js';
import { LedgerLink } from './ledger-link.js';
import { Service } from './service.js';

export interface OpenServiceOptions {
  /** --data-dir; else RUNLOG_DATA_DIR; else the platform's application-data folder. */
  dataDir?: string;
  /** Extra runbook folders (--runbooks); the bundled folder is always included. */
  runbookDirs?: string[];
  bundledDir?: string;
  transport: 'ipc' | 'websocket' | 'cli';
  /** How to start an engine; default: spawnEngine as a forked Node child. */
  startEngine?: EngineStarter;
  /** Watch the runbook folders and tell subscribers of changes. */
  watch?: boolean;
  /** Start the engine process at once, while the library loads (a command that runs steps). */
  warmEngine?: boolean;
}

export interface OpenedService {
  service: Service;
  dataDir: string;
  store: HistoryStore;
  library: Library;
  close(): Promise<void>;
}

export const HISTORY_FILE = 'history.sqlite';

/** The door each transport is, as recorded with the runs its engine holds. */
const DOORS = { ipc: 'app', websocket: 'host', cli: 'cli' } as const;

/**
 * Opens the history in the data folder. A folder or file that cannot be created or opened (read-only
 * disk, wrong owner) is reported with its path and what to do, instead of SQLite's bare message.
 */
function openHistory(dataDir: string): HistoryStore {
  const file = join(dataDir, HISTORY_FILE);
  try {
    ensureDataDir(dataDir);
    return HistoryStore.open(file);
  } catch (err) {
    const reason = (err as Error)?.message ?? String(err);
    throw Object.assign(
      new Error(
        `cannot open the history ${file}: ${reason}. ` +
          'Make sure the data folder is writable (not on a read-only or full disk), or choose another with --data-dir.',
      ),
      { code: (err as { code?: string })?.code ?? 'data-dir', cause: err },
    );
  }
}

/**
 * The link to the team ledger set in the settings. A setting that cannot be used is reported and
 * left aside (the history keeps working); the app and the host retry the queue on a timer, a CLI
 * command publishes once and waits for it before it exits.
 */
function openLedgerLink(
  store: HistoryStore,
  settings: ReturnType<typeof readSettings>,
  retry: boolean,
  notice: (message: string) => void,
): LedgerLink {
  const base = { store, retry, artifactMaxBytes: settings.ledgerArtifactMaxBytes, notice };
  try {
    return new LedgerLink({ ...base, url: settings.ledgerUrl });
  } catch (err) {
    notice(`the team ledger setting cannot be used: ${(err as Error).message}`);
    return new LedgerLink(base);
  }
}

export async function openService(options: OpenServiceOptions): Promise<OpenedService> {
  const dataDir = resolveDataDir({ flag: options.dataDir });
  const store = openHistory(dataDir);
  const notices: string[] = [];
  const settings = readSettings(dataDir, (message) => notices.push(message));
  const library = new Library({
    bundledDir: options.bundledDir ?? bundledRunbooksDir(),
    extraDirs: [...(options.runbookDirs ?? []), ...settings.runbookFolders],
  });
  // Notices of the ledger go to the opening's list until the service exists, then to the service.
  const tell = { notice: (m: string): unknown => notices.push(m) };
  const ledger = openLedgerLink(store, settings, options.transport !== 'cli', (m) =>
    tell.notice(m),
  );
  const engine = superviseEngine({
    dataDir,
    context: runContext(),
    store,
    start: options.startEngine ?? ((args) => spawnEngine({ ...args, entry: engineEntry() })),
    door: DOORS[options.transport],
  });
  if (options.warmEngine) engine.engine();
  await library.load();
  const service = new Service({
    library,
    store,
    engine,
    dataDir,
    appVersion: APP_VERSION,
    transport: options.transport,
    notices: [...store.notices, ...notices, ...engine.notices],
    commandLineFolders: options.runbookDirs ?? [],
    settingsFolders: settings.runbookFolders,
    ledger,
  });
  tell.notice = (m) => service.notice(m);
  if (options.watch) library.watch((files) => service.libraryChanged(files));
  return {
    service,
    dataDir,
    store,
    library,
    close: async () => {
      library.close();
      await engine.close();
      await ledger.close();
      store.close();
    },
  };
}
