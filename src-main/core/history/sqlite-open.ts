/**
 * Opening the history file safely: waits for other processes' locks, refuses a file written by a
 * newer Runlog without touching it, and sets a corrupt file aside (never deleting it).
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCTION_BUILD } from '../build-mode.js';
import { SCHEMA_VERSION, applyMigrations, schemaVersion } from './migrations.js';

/** How long SQLite itself waits on a lock before reporting it busy. */
export const BUSY_TIMEOUT_MS = 2_000;
/** Total time spent retrying a busy database before giving up (another process may be slow). */
export const BUSY_RETRY_LIMIT_MS = 10_000;
/** First pause between retries; doubled each time up to the cap below. */
const BUSY_RETRY_FIRST_PAUSE_MS = 50;
/** Longest single pause between retries. */
const BUSY_RETRY_MAX_PAUSE_MS = 1_000;

/** Raised when the file belongs to a newer Runlog: the operator must update, not lose data. */
export class NewerSchemaError extends Error {
  constructor(
    readonly file: string,
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `${file}: the history database is at schema version ${fileVersion}, but this Runlog only ` +
        `knows versions up to ${knownVersion}. Update Runlog to open it; the file was not changed.`,
    );
    this.name = 'NewerSchemaError';
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `work`, retrying with growing pauses while another process holds the database, for at most
 * BUSY_RETRY_LIMIT_MS. Synchronous like better-sqlite3 itself.
 */
export function withBusyRetry<T>(work: () => T, limitMs: number = BUSY_RETRY_LIMIT_MS): T {
  const deadline = Date.now() + limitMs;
  let pause = BUSY_RETRY_FIRST_PAUSE_MS;
  for (;;) {
    try {
      return work();
    } catch (err) {
      if (!isBusy(err) || Date.now() + pause > deadline) throw err;
      sleepSync(pause);
      pause = Math.min(pause * 2, BUSY_RETRY_MAX_PAUSE_MS);
    }
  }
}

/** The native module this process loads (see {@link sqliteBinding}), as better-sqlite3's option. */
function nativeBinding(): { nativeBinding?: string } {
  const binding = sqliteBinding({
    codeDir: HERE,
    env: process.env,
    production: PRODUCTION_BUILD,
    electron: process.versions.electron !== undefined,
  });
  return binding ? { nativeBinding: binding } : {};
}

function configure(db: Database.Database, readonly: boolean): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power cut may lose the last commits, never corrupt the file.
    db.pragma('synchronous = NORMAL');
  }
}

/**
 * Checks the file before anything writes to it; throws corruption or version errors.
 * A full `quick_check` reads every page (seconds on a large history), so at open only the
 * header, the schema and the first page of every table are read; damage deeper in the file
 * surfaces as SQLITE_CORRUPT from the query that meets it.
 */
function inspect(db: Database.Database, file: string): void {
  const version = schemaVersion(db);
  if (version > SCHEMA_VERSION) throw new NewerSchemaError(file, version, SCHEMA_VERSION);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of tables)
    db.prepare(`SELECT 1 FROM "${table.replace(/"/g, '""')}" LIMIT 1`).get();
}

/** Moves a corrupt database and its WAL/shared-memory files aside; returns the new name. */
function setAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.corrupt-${stamp}`;
  renameSync(file, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  }
  return aside;
}

/**
 * A second connection to a history this process has already opened (and so checked and migrated):
 * the output writer's thread writes through it.
 */
export function openConnection(file: string): Database.Database {
  const db = new Database(file, { fileMustExist: true, ...nativeBinding() });
  configure(db, false);
  return db;
}

/** An open, migrated database and what the operator must be told about opening it. */
export interface OpenedDatabase {
  db: Database.Database;
  notices: string[];
}

/** The folder of this module's code: out/main once built, inside app.asar once packaged. */
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The Electron-ABI better-sqlite3 binary, under the packaged app's resources (build/README.md). */
const PACKAGED_BINDING = path.join('native', 'better_sqlite3.node');

/** The same binary for Electron started from a checkout (`npm start` builds it there once). */
const CHECKOUT_BINDING = path.join('build', 'native', 'electron', 'better_sqlite3.node');

/** Where this module runs: the facts {@link sqliteBinding} decides on. */
export interface BindingContext {
  /** The folder of the running code (out/main once built, inside app.asar once packaged). */
  codeDir: string;
  env: NodeJS.ProcessEnv;
  /** The built app or CLI rather than source. */
  production: boolean;
  /** Running inside Electron (main or utility process) rather than plain Node. */
  electron: boolean;
}

/**
 * Where better-sqlite3's native module comes from; undefined for the package's own build.
 * - The packaged app (its code runs from `resources/app.asar`): only the Electron-ABI binary in
 *   its own resources folder; the environment is never read.
 * - Electron started from a checkout: the Electron-ABI binary under the checkout's build/.
 * - Any other built door (the installed CLI): the package's own build.
 * - From source (tests): RUNLOG_SQLITE_BINDING when set.
 */
export function sqliteBinding(at: BindingContext): string | undefined {
  const parts = at.codeDir.split(path.sep);
  const asar = parts.lastIndexOf('app.asar');
  if (asar > 0) return path.join(parts.slice(0, asar).join(path.sep) || path.sep, PACKAGED_BINDING);
  if (at.production && at.electron) {
    const checkout = path.join(at.codeDir, '..', '..', CHECKOUT_BINDING);
    return existsSync(checkout) ? checkout : undefined;
  }
  if (at.production) return undefined;
  return at.env.RUNLOG_SQLITE_BINDING || undefined;
}

/** The first bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * True when the file exists with content that is not SQLite. Checked before SQLite opens it, so
 * that SQLite does not discard a WAL file that came with it.
 */
function plainlyNotSqlite(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, head, 0, head.length, 0);
    return read > 0 && !(read === head.length && head.equals(SQLITE_HEADER));
  } catch {
    return false; // missing or unreadable: SQLite reports it properly
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function openOnce(file: string, readonly: boolean): Database.Database {
  if (plainlyNotSqlite(file)) {
    const err = new Error(`${file}: not a SQLite database`);
    (err as Error & { code: string }).code = 'SQLITE_NOTADB';
    throw err;
  }
  const db = new Database(file, {
    ...(readonly ? { readonly: true, fileMustExist: true } : {}),
    ...nativeBinding(),
  });
  try {
    inspect(db, file);
    configure(db, readonly);
    if (readonly) {
      const version = schemaVersion(db);
      if (version !== SCHEMA_VERSION) {
        throw new Error(
          `${file}: the history is at schema version ${version} and needs upgrading to ` +
            `${SCHEMA_VERSION}; open it once read-write (run Runlog normally) first.`,
        );
      }
    } else {
      applyMigrations(db);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Opens (creating if needed) and migrates the history file. A corrupt file is renamed aside and a
 * fresh one created, with a notice; in read-only mode a corrupt file is an error instead.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): OpenedDatabase {
  const readonly = options.readonly === true;
  if (!readonly) mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const notices: string[] = [];
  try {
    return { db: withBusyRetry(() => openOnce(file, readonly)), notices };
  } catch (err) {
    if (!isCorruption(err) || readonly) throw err;
    const aside = setAside(file);
    notices.push(
      `The history database ${file} was damaged and could not be read. It was kept as ${aside} ` +
        `(with any -wal/-shm files beside it) and a new, empty history was started at ${file}.`,
    );
  }
  return { db: withBusyRetry(() => openOnce(file, false)), notices };
}
