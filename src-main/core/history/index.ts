/** The run history: SQLite store, its location and its schema. */
export { HistoryStore, type OpenOptions } from './store.js';
export { resolveDataDir, ensureDataDir, APP_FOLDER_NAME } from './data-dir.js';
export { MIGRATIONS, SCHEMA_VERSION, applyMigrations, type Migration } from './migrations.js';
export { NewerSchemaError, BUSY_RETRY_LIMIT_MS } from './sqlite-open.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type RunFilter } from './queries.js';
export { OUTPUT_FLUSH_INTERVAL_MS, OUTPUT_FLUSH_BYTES } from './output-writer.js';
export { TEXT_SCROLLBACK_ROWS, derivePlainText, omittedMarker } from './plain-text.js';
