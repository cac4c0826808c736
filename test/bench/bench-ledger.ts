/**
 * The team ledger on a real PostgreSQL (started for the bench, like the tests do):
 * - the team history at 1,000,000 published runs — first page, text searches, filters — against
 *   the same calls on an empty ledger, each with its own connection as the service makes one;
 * - publishing a 20-step, 20 MB run (export, queue, publish, commit) against exporting the same
 *   run to a JSON file, which is what a workstation does without a ledger.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { exportRun } from '../../src-main/core/evidence/export.js';
import { HistoryStore } from '../../src-main/core/history/index.js';
import {
  collectArtifacts,
  describeDocument,
  Ledger,
  LedgerPublisher,
  LedgerQueue,
  listSigners,
  listTeamRuns,
  publishRun,
  type TeamFilter,
} from '../../src-main/core/ledger/index.js';
import type { RunDetail, StepAttempt, StepExecution } from '../../src-main/core/run-model.js';
import { startPostgres, type PgServer } from '../core/ledger/pg-server.js';
import { progress, repeatMs, summarize, timeMs, type Row, type Section } from './stats.js';

/** The scale the performance target names. */
const RUNS = 1_000_000;
/** Real signed records published through the normal path before the bulk rows. */
const REAL_RUNS = 200;
/** A team history call must answer within this. */
const QUERY_TARGET_MS = 100;
/** The publish of the big run must be done within this. */
const PUBLISH_TARGET_MS = 2000;
const STEPS = 20;
/** Output text and artifact bytes per step: 20 steps × (0.5 MB + 0.5 MB) = 20 MB. */
const HALF_MB = 512 * 1024;

/** Fills a ledger with synthetic rows server-side, indexes rebuilt after, then analysed. */
export async function seed(c: pg.Client, first: number, count: number): Promise<void> {
  const indexes = await c.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'runlog' AND tablename = 'runs'
       AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE '%key'`,
  );
  for (const i of indexes.rows) await c.query(`DROP INDEX runlog.${i.indexname}`);
  await c.query('SET session_replication_role = replica'); // bulk rows skip the chain trigger
  await c.query(
    `INSERT INTO runlog.runs SELECT
       g, 'bulk-' || g, encode(sha256(('r' || g)::bytea), 'hex'), 'runlog-evidence/1',
       (ARRAY['capture','bogons','tnsnames','disk-usage','dns-check','ntp-sync'])[1 + g % 6], 'Runbook ' || (g % 6),
       repeat('a', 64), 'operator-' || (g % 50), 'host-' || (g % 200),
       (ARRAY['passed','failed','incomplete','passed','interrupted'])[1 + g % 5],
       timestamptz '2024-01-01' + g * interval '1 minute', timestamptz '2024-01-01' + g * interval '1 minute' + interval '5 minutes',
       timestamptz '2024-01-01' + g * interval '1 minute' + interval '6 minutes', 'SHA256:' || repeat('B', 43), 20,
       'run bulk-' || g || E'\\nRunbook ' || (g % 6) || E'\\noperator-' || (g % 50) || E'\\nIFACE=eth' || (g % 4) ||
         E'\\nhost-' || g || ' step 3: link up token' || g || E'x7\\nip -br link show\\n' || (g % 1000) || ' packets captured',
       '{"synthetic":true}', 'bench', now(), repeat('0', 64), repeat('0', 64)
     FROM generate_series($1::bigint, $2::bigint) AS g`,
    [first, first + count - 1],
  );
  await c.query('SET session_replication_role = origin');
  await c.query("SET maintenance_work_mem = '512MB'"); // index builds in memory, not in temp files
  for (const i of indexes.rows) await c.query(i.indexdef);
  await c.query('VACUUM ANALYZE runlog.runs');
}

/** A 20-step run with 0.5 MB of output and a 0.5 MB artifact per step, in a run folder. */
function bigRun(dir: string, runId: string): { run: RunDetail; outputs: Map<number, string> } {
  const folder = path.join(dir, runId);
  fs.mkdirSync(folder, { recursive: true });
  const outputs = new Map<number, string>();
  const steps: StepExecution[] = Array.from({ length: STEPS }, (_, i) => {
    const text = `step ${i} line of output with some words ${runId}\n`
      .repeat(Math.ceil(HALF_MB / 50))
      .slice(0, HALF_MB);
    outputs.set(i + 1, text);
    const bytes = Buffer.alloc(HALF_MB, i + 1);
    fs.writeFileSync(path.join(folder, `part-${i}.bin`), bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const attempt: StepAttempt = {
      id: i + 1,
      runId,
      stepName: `part-${i}`,
      kind: 'command',
      attempt: 1,
      action: 'run',
      text: `make-part ${i}`,
      runbookSha256: 'b'.repeat(64),
      status: 'passed',
      exitCode: 0,
      startedAt: '2025-01-01T10:00:00.000Z',
      endedAt: '2025-01-01T10:00:01.000Z',
      outputBytes: HALF_MB,
      outputSha256: createHash('sha256').update(text).digest('hex'),
      artifacts: [{ path: `part-${i}.bin`, size: HALF_MB, sha256: sha }],
    };
    return { ...attempt, attempts: [attempt], rules: {} };
  });
  const run: RunDetail = {
    id: runId,
    runbookId: 'bench-publish',
    runbookTitle: 'Publish benchmark',
    runbookPath: '/bench.md',
    runbookSha256: 'b'.repeat(64),
    runbookSource: '# bench',
    status: 'passed',
    startedAt: '2025-01-01T10:00:00.000Z',
    endedAt: '2025-01-01T10:05:00.000Z',
    context: {
      operator: 'bench',
      hostname: 'bench-host',
      platform: 'linux',
      osRelease: '6.1',
      arch: 'x64',
      appVersion: '0.1.0',
    },
    params: {},
    stepsDone: STEPS,
    stepsApplicable: STEPS,
    versions: [
      { sha256: 'b'.repeat(64), source: '# bench', acceptedAt: '2025-01-01T10:00:00.000Z' },
    ],
    steps,
    events: [],
    folder,
    outcome: { status: 'passed', notes: [] },
  };
  return { run, outputs };
}

interface Context {
  server: PgServer;
  full: Ledger;
  empty: Ledger;
  workDir: string;
  reps: number;
}

function historyQueries(): Array<{ measure: string; filter: TeamFilter }> {
  return [
    { measure: 'First page (50 newest runs), connection included', filter: { limit: 50 } },
    { measure: 'Text search, one match', filter: { text: `token${RUNS / 2}x7`, limit: 50 } },
    { measure: 'Text search, every run matches', filter: { text: 'link up', limit: 50 } },
    {
      measure: 'Operator + status filter',
      filter: { operator: 'operator-7', status: 'failed', limit: 50 },
    },
    {
      measure: 'Date range, a page deep in it',
      filter: {
        from: '2024-06-01',
        to: '2024-06-30',
        limit: 50,
        after: '2024-06-15T00:00:00.000Z|999999999',
      },
    },
  ];
}

async function benchQueries(ctx: Context): Promise<{ rows: Row[]; notes: string[] }> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const call = (ledger: Ledger, filter: TeamFilter) =>
    ledger.use(async (c) => listTeamRuns(c, filter, await listSigners(c)));
  for (const q of historyQueries()) {
    const first = await timeMs(() => call(ctx.full, q.filter));
    const value = await repeatMs(ctx.reps, () => call(ctx.full, q.filter));
    const baseline = await repeatMs(ctx.reps, () => call(ctx.empty, q.filter));
    rows.push({
      measure: q.measure,
      target: `< ${QUERY_TARGET_MS} ms`,
      unit: 'ms',
      value,
      baseline: { label: 'same call, empty ledger', value: baseline },
      pass: value.median < QUERY_TARGET_MS,
    });
    notes.push(`${q.measure}: first call ${first.toFixed(1)} ms.`);
  }
  return { rows, notes };
}

async function benchPublish(ctx: Context): Promise<Row> {
  const store = HistoryStore.open(path.join(ctx.workDir, 'ledger-bench-history.sqlite'));
  const dataDir = path.join(ctx.workDir, 'ledger-bench-data');
  const queue = new LedgerQueue(store.database);
  const publisher = new LedgerPublisher({ queue, connect: () => ctx.empty.connect() });
  const times: number[] = [];
  const baseline: number[] = [];
  try {
    for (let i = 0; i < ctx.reps; i++) {
      const { run, outputs } = bigRun(ctx.workDir, `big-run-${i}`);
      const source = { run, outputText: (id: number) => outputs.get(id) ?? '' };
      baseline.push(
        await timeMs(() =>
          exportRun(source, {
            format: 'json',
            dataDir,
            out: path.join(ctx.workDir, `big-${i}.json`),
          }),
        ),
      );
      times.push(
        await timeMs(async () => {
          const document = String((await exportRun(source, { format: 'json', dataDir })).content);
          const p = describeDocument(document);
          queue.enqueue(p, collectArtifacts(run.folder, p.artifacts, 16 << 20));
          const r = await publisher.drain();
          if (r.published.length !== 1)
            throw new Error(`the big run was not published: ${JSON.stringify(r.failed)}`);
        }),
      );
      fs.rmSync(run.folder, { recursive: true, force: true });
    }
  } finally {
    store.close();
  }
  const value = summarize(times);
  return {
    measure: `Publish a ${STEPS}-step, 20 MB run (export, queue, publish, commit)`,
    target: `< ${PUBLISH_TARGET_MS} ms`,
    unit: 'ms',
    value,
    baseline: { label: 'export of the same run to a JSON file', value: summarize(baseline) },
    pass: value.median < PUBLISH_TARGET_MS,
  };
}

/** Runs the ledger benchmark and returns its section of the report. */
export async function benchLedger(options: { workDir: string; reps: number }): Promise<Section> {
  const server = await startPostgres({ durable: true });
  try {
    const url = (db: string) => server.socketUrl('postgres', db);
    for (const db of ['full', 'empty']) {
      await server.createDatabase(db);
      await new Ledger(url(db)).init();
    }
    const ctx: Context = {
      server,
      full: new Ledger(url('full')),
      empty: new Ledger(url('empty')),
      workDir: options.workDir,
      reps: options.reps,
    };
    const dataDir = path.join(options.workDir, 'ledger-seed-data');
    const seedMs = await timeMs(async () => {
      await ctx.full.use(async (c) => {
        for (let i = 0; i < REAL_RUNS; i++) {
          const { run, outputs } = bigRun(options.workDir, `real-${i}`);
          run.steps = run.steps.slice(0, 2).map((s) => ({ ...s, artifacts: [] }));
          const doc = await exportRun(
            { run, outputText: (id) => (outputs.get(id) ?? '').slice(0, 2000) },
            { format: 'json', dataDir },
          );
          await publishRun(c, String(doc.content), []);
          fs.rmSync(run.folder, { recursive: true, force: true });
        }
        await seed(c, REAL_RUNS + 1, RUNS - REAL_RUNS);
      });
    });
    progress(
      `ledger seeded with ${RUNS.toLocaleString('en')} runs in ${(seedMs / 1000).toFixed(0)} s`,
    );
    const { rows, notes } = await benchQueries(ctx);
    rows.push(await benchPublish(ctx));
    return {
      title: `Team ledger at ${RUNS.toLocaleString('en')} published runs`,
      description:
        `PostgreSQL ${(await server.sql('SHOW server_version')).rows[0].server_version} on a Unix socket, started by the bench (fsync on, default settings otherwise). ` +
        `${REAL_RUNS} runs published through the normal path, the rest inserted server-side with the same index columns ` +
        '(placeholder documents: the history calls read only the indexed columns). Each call opens its own connection, as the service does.',
      rows,
      notes: [`Seeded in ${(seedMs / 1000).toFixed(0)} s.`, ...notes],
    };
  } finally {
    server.remove();
  }
}
