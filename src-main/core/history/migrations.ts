/**
 * Numbered schema migrations of the history database. A migration, once released, is never
 * edited: a change to the schema is a new entry at the end. The version reached is kept in
 * `PRAGMA user_version`.
 */
import type Database from 'better-sqlite3';

/** One schema step: plain SQL, or a function for changes that must also move data. */
export interface Migration {
  version: number;
  description: string;
  sql?: string;
  up?: (db: Database.Database) => void;
}

const BASE_SCHEMA = `
CREATE TABLE runbook_sources (
  sha256 TEXT PRIMARY KEY,
  source TEXT NOT NULL
);
CREATE TABLE runbook_versions (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  runbook_id TEXT NOT NULL,
  title TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES runbook_sources(sha256),
  first_seen TEXT NOT NULL,
  UNIQUE (path, runbook_id, title, sha256)
);
CREATE INDEX runbook_versions_by_id ON runbook_versions(runbook_id);
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  runbook_version_id INTEGER NOT NULL REFERENCES runbook_versions(id),
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  operator TEXT NOT NULL,
  hostname TEXT NOT NULL,
  platform TEXT NOT NULL,
  os_release TEXT NOT NULL,
  arch TEXT NOT NULL,
  app_version TEXT NOT NULL,
  params_json TEXT NOT NULL,
  folder TEXT NOT NULL,
  owner_host TEXT NOT NULL,
  owner_pid INTEGER NOT NULL,
  owner_token TEXT NOT NULL,
  owner_boot TEXT NOT NULL
);
CREATE INDEX runs_by_start ON runs(started_at DESC, id DESC);
CREATE INDEX runs_by_version ON runs(runbook_version_id, started_at DESC);
CREATE INDEX runs_by_status ON runs(status, started_at DESC);
CREATE TABLE planned_steps (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  PRIMARY KEY (run_id, position)
);
CREATE TABLE executions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL,
  exit_code INTEGER,
  signal TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  last_output_at TEXT,
  output_bytes INTEGER NOT NULL DEFAULT 0,
  output_sha256 TEXT
);
CREATE INDEX executions_by_step ON executions(run_id, step_name, id);
CREATE INDEX executions_running ON executions(status) WHERE status = 'running';
CREATE TABLE output_chunks (
  execution_id INTEGER NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
  byte_offset INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (execution_id, byte_offset)
);
CREATE TABLE output_text (
  execution_id INTEGER PRIMARY KEY REFERENCES executions(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  omitted_lines INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE attestations (
  execution_id INTEGER PRIMARY KEY REFERENCES executions(id) ON DELETE CASCADE,
  done INTEGER NOT NULL,
  note TEXT,
  device TEXT,
  at TEXT NOT NULL
);
CREATE TABLE artifacts (
  execution_id INTEGER NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (execution_id, path)
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  step_name TEXT,
  detail TEXT
);
CREATE INDEX events_by_run ON events(run_id, id);
`;

const TRUST_SCHEMA = `
CREATE TABLE trusted_runbooks (
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  trusted_at TEXT NOT NULL,
  PRIMARY KEY (path, sha256)
);
`;

/**
 * Text search: one FTS5 document per run (its fields) and per finished execution (its plain
 * output). The trigram tokenizer matches any substring of three characters or more, which is
 * what an administrator types ("eth0", "192.168", "denied").
 */
const SEARCH_SCHEMA = `
CREATE TABLE search_docs (
  doc INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  execution_id INTEGER REFERENCES executions(id) ON DELETE CASCADE
);
CREATE INDEX search_docs_by_run ON search_docs(run_id);
CREATE UNIQUE INDEX search_docs_by_execution ON search_docs(execution_id);
CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize = 'trigram');
`;

/** Rows read per query while backfilling: bounds memory on a large history. */
const BACKFILL_PAGE = 500;

/** Fills the search index from the rows that existed before it did. */
function backfillSearch(db: Database.Database): void {
  db.exec(SEARCH_SCHEMA);
  const addDoc = db.prepare('INSERT INTO search_docs (run_id, execution_id) VALUES (?, ?)');
  const addText = db.prepare('INSERT INTO search_fts (rowid, body) VALUES (?, ?)');
  const runPage = db.prepare(
    `SELECT r.rowid AS k, r.id, r.operator, r.params_json, v.runbook_id, v.title FROM runs r
     JOIN runbook_versions v ON v.id = r.runbook_version_id WHERE r.rowid > ? ORDER BY r.rowid LIMIT ?`,
  );
  for (let after = 0; ;) {
    const rows = runPage.all(after, BACKFILL_PAGE) as Array<Record<string, string> & { k: number }>;
    if (rows.length === 0) break;
    for (const r of rows) {
      const doc = addDoc.run(r.id, null).lastInsertRowid;
      addText.run(doc, runSearchBody(r.id, r.runbook_id, r.title, r.operator, r.params_json));
    }
    after = rows[rows.length - 1]!.k;
  }
  const textPage = db.prepare(
    `SELECT e.id, e.run_id, t.text FROM output_text t JOIN executions e ON e.id = t.execution_id
     WHERE e.id > ? ORDER BY e.id LIMIT ?`,
  );
  for (let after = 0; ;) {
    const rows = textPage.all(after, BACKFILL_PAGE) as Array<{
      id: number;
      run_id: string;
      text: string;
    }>;
    if (rows.length === 0) break;
    for (const t of rows) addText.run(addDoc.run(t.run_id, t.id).lastInsertRowid, t.text);
    after = rows[rows.length - 1]!.id;
  }
}

/** The searchable text of a run's own fields; shared by the store and the backfill. */
export function runSearchBody(
  runId: string,
  runbookId: string,
  title: string,
  operator: string,
  paramsJson: string,
): string {
  let params: string;
  try {
    const parsed = JSON.parse(paramsJson) as Record<string, unknown>;
    params = Object.entries(parsed)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('\n');
  } catch {
    params = paramsJson;
  }
  return [runId, runbookId, title, operator, params].join('\n');
}

/**
 * Runs waiting to be published to the team ledger: the signed document exactly as exported and
 * the artifact contents taken at the run's finish (so a run folder cleaned up meanwhile loses
 * nothing), with the retry state. A row leaves the queue only once the ledger holds the run.
 */
const LEDGER_QUEUE_SCHEMA = `
CREATE TABLE ledger_queue (
  run_id TEXT PRIMARY KEY,
  record_hash TEXT NOT NULL,
  document TEXT NOT NULL,
  queued_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'waiting',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT
);
CREATE INDEX ledger_queue_due ON ledger_queue(state, next_attempt_at);
CREATE TABLE ledger_queue_artifacts (
  run_id TEXT NOT NULL REFERENCES ledger_queue(run_id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  content BLOB,
  note TEXT,
  PRIMARY KEY (run_id, path, sha256)
);
`;

/**
 * Every attempt kept, every runbook version kept, the outcome rules of each planned step, and
 * which door holds a run. Old rows are brought along: each execution gets its attempt number
 * (its place among its step's executions) and the runbook version it ran (the one in force when
 * it started, from the run's start and its "runbook-accepted" events); old plans keep the old
 * rules (every step required) and take the text their step last ran (a step's current result is
 * its last attempt unless the runbook's text for it changed since).
 */
const ATTEMPTS_SCHEMA = `
ALTER TABLE executions ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE executions ADD COLUMN runbook_sha256 TEXT;
ALTER TABLE executions ADD COLUMN flag TEXT;
ALTER TABLE executions ADD COLUMN reason TEXT;
ALTER TABLE planned_steps ADD COLUMN rules_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE runs ADD COLUMN owner_door TEXT NOT NULL DEFAULT '';
CREATE TABLE run_versions (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  accepted_at TEXT NOT NULL,
  trust TEXT,
  PRIMARY KEY (run_id, position)
);
`;

const ATTEMPTS_DATA = `
UPDATE executions SET attempt = (SELECT count(*) FROM executions e
  WHERE e.run_id = executions.run_id AND e.step_name = executions.step_name AND e.id <= executions.id);
INSERT INTO run_versions (run_id, position, sha256, accepted_at)
  SELECT r.id, 0, v.sha256, r.started_at FROM runs r JOIN runbook_versions v ON v.id = r.runbook_version_id;
INSERT INTO run_versions (run_id, position, sha256, accepted_at)
  SELECT e.run_id, (SELECT count(*) FROM events p WHERE p.run_id = e.run_id
      AND p.type = 'runbook-accepted' AND p.detail IS NOT NULL AND p.id <= e.id), e.detail, e.at
  FROM events e WHERE e.type = 'runbook-accepted' AND e.detail IS NOT NULL;
UPDATE executions SET runbook_sha256 = coalesce(
  (SELECT rv.sha256 FROM run_versions rv WHERE rv.run_id = executions.run_id
     AND rv.accepted_at <= executions.started_at ORDER BY rv.position DESC LIMIT 1),
  (SELECT rv.sha256 FROM run_versions rv WHERE rv.run_id = executions.run_id AND rv.position = 0));
UPDATE planned_steps SET text = (SELECT e.text FROM executions e
    WHERE e.run_id = planned_steps.run_id AND e.step_name = planned_steps.name ORDER BY e.id DESC LIMIT 1)
  WHERE EXISTS (SELECT 1 FROM executions e
    WHERE e.run_id = planned_steps.run_id AND e.step_name = planned_steps.name);
`;

function keepAttempts(db: Database.Database): void {
  db.exec(ATTEMPTS_SCHEMA);
  db.exec(ATTEMPTS_DATA);
}

/** The Runme cell id of each planned step (`id` attribute), kept as a stable step id. */
const STEP_ID_SCHEMA = `ALTER TABLE planned_steps ADD COLUMN step_id TEXT;`;

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'base schema', sql: BASE_SCHEMA },
  { version: 2, description: 'trusted runbooks', sql: TRUST_SCHEMA },
  { version: 3, description: 'text search over runs and output', up: backfillSearch },
  { version: 4, description: 'attempts, runbook versions and outcome rules', up: keepAttempts },
  {
    version: 5,
    description: 'queue of runs waiting for the team ledger',
    sql: LEDGER_QUEUE_SCHEMA,
  },
  { version: 6, description: 'Runme cell ids of planned steps', sql: STEP_ID_SCHEMA },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Reads `PRAGMA user_version`. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database from its version up to `target` (default: the latest), one transaction per
 * migration so a failure leaves the file at the last version that completed.
 */
export function applyMigrations(db: Database.Database, target: number = SCHEMA_VERSION): number {
  let applied = 0;
  for (const m of MIGRATIONS) {
    if (m.version > target) break;
    // Skip without taking the write lock: opening an up-to-date file must not wait on writers.
    if (schemaVersion(db) >= m.version) continue;
    const step = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      if (schemaVersion(db) >= m.version) return false;
      if (m.sql) db.exec(m.sql);
      if (m.up) m.up(db);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    if (step.immediate()) applied++;
  }
  return applied;
}
