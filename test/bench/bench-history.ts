/**
 * History at scale: 10,000 runs and 200,000 step executions in a real SQLite file, against the
 * same queries on an empty history. The three things the history view does: first page, open
 * one run, search by text.
 */
import { join } from 'node:path';
import { HistoryStore } from '../../src-main/core/history/index.js';
import { seedHistory, seededRunId } from '../core/history/seed.js';
import { progress, repeatMs, timeMs, type Row, type Section } from './stats.js';

/** The scale the performance target names. */
const RUNS = 10_000;
const STEPS_PER_RUN = 20;
/** Each query must answer within this, the budget of a view that feels instant. */
const TARGET_MS = 50;
/** The page size the history view asks for. */
const PAGE = 50;

interface Query {
  measure: string;
  run: (store: HistoryStore) => unknown;
}

/** The queries, written so they find something in the seeded history and nothing in the empty one. */
function queries(): Query[] {
  const middle = seededRunId(Math.floor(RUNS / 2));
  return [
    {
      measure: `First page (${PAGE} newest runs + total)`,
      run: (s) => s.listRuns({ limit: PAGE }),
    },
    { measure: 'Open one run (detail, 20 steps)', run: (s) => s.getRun(middle) },
    {
      measure: 'Search output text (one match)',
      run: (s) => s.listRuns({ text: `token${Math.floor(RUNS / 2)}x7`, limit: PAGE }),
    },
    {
      measure: 'Search a common word (every run matches)',
      run: (s) => s.listRuns({ text: 'link up', limit: PAGE }),
    },
  ];
}

/** Runs the history benchmark and returns its section of the report. */
export async function benchHistory(options: { workDir: string; reps: number }): Promise<Section> {
  const full = HistoryStore.open(join(options.workDir, 'history-full.sqlite'));
  const empty = HistoryStore.open(join(options.workDir, 'history-empty.sqlite'));
  try {
    const seedMs = await timeMs(() =>
      seedHistory(full, { runs: RUNS, stepsPerRun: STEPS_PER_RUN }),
    );
    progress(`history seeded in ${(seedMs / 1000).toFixed(1)} s`);
    const notes = [
      `Seeded ${RUNS.toLocaleString('en')} runs × ${STEPS_PER_RUN} executions in ${(seedMs / 1000).toFixed(1)} s (one transaction). ` +
        'Each figure is the median of repeated calls on an open store (warm page cache), as the app keeps its store open.',
    ];
    const rows: Row[] = [];
    for (const query of queries()) {
      const coldMs = await timeMs(() => query.run(full));
      const value = await repeatMs(options.reps, () => query.run(full));
      const baseline = await repeatMs(options.reps, () => query.run(empty));
      rows.push({
        measure: query.measure,
        target: `< ${TARGET_MS} ms`,
        unit: 'ms',
        value,
        baseline: { label: 'same query, empty history', value: baseline },
        pass: value.median < TARGET_MS,
      });
      notes.push(`${query.measure}: first call after seeding ${coldMs.toFixed(1)} ms.`);
    }
    return {
      title: `History at ${RUNS.toLocaleString('en')} runs / ${(RUNS * STEPS_PER_RUN).toLocaleString('en')} executions`,
      description:
        'HistoryStore on a real SQLite file filled by the seeding helper of the history tests.',
      rows,
      notes,
    };
  } finally {
    full.close();
    empty.close();
  }
}
