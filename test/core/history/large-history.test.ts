import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/core/history/index.js';
import { seedHistory, seededOutput, seededRunId } from './seed.js';
import { tempDir } from './helpers.js';

/** The size the history must stay usable at: ten thousand runs of twenty steps. */
const RUNS = 10_000;
const STEPS_PER_RUN = 20;

let store: HistoryStore;
let cleanup: () => void;

/** Runs `work` and prints how long it took, for a reader of the test log (never asserted). */
function timed<T>(label: string, work: () => T): T {
  const started = performance.now();
  const result = work();
  console.log(`${label}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
}

beforeAll(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  store = HistoryStore.open(path.join(t.dir, 'history.sqlite'));
  timed(`seed ${RUNS} runs x ${STEPS_PER_RUN} steps`, () =>
    seedHistory(store, { runs: RUNS, stepsPerRun: STEPS_PER_RUN }),
  );
});
afterAll(() => {
  store.close();
  cleanup();
});

describe(`a history of ${RUNS} runs and ${RUNS * STEPS_PER_RUN} executions`, () => {
  it('serves the first page newest first with progress counts', () => {
    const page = timed('first page', () => store.listRuns({ limit: 50 }));
    expect(page.total).toBe(RUNS);
    expect(page.runs).toHaveLength(50);
    expect(page.runs[0]!.id).toBe(seededRunId(RUNS - 1));
    expect(page.runs[49]!.id).toBe(seededRunId(RUNS - 50));
    expect(page.runs[0]).toMatchObject({
      stepsDone: STEPS_PER_RUN,
      stepsApplicable: STEPS_PER_RUN,
    });
  });

  it('pages deep and filters by runbook and status', () => {
    const deep = timed('page at offset 9000', () => store.listRuns({ limit: 10, offset: 9000 }));
    expect(deep.runs[0]!.id).toBe(seededRunId(RUNS - 1 - 9000));
    const filtered = timed('filter runbook + status', () =>
      store.listRuns({ runbookId: 'bogons', status: 'failed' }),
    );
    // bogons is runbook 1 of 6, failed is status 1 of 5: runs i with i % 30 == 1.
    expect(filtered.total).toBe(Math.ceil((RUNS - 1) / 30));
    expect(filtered.runs.every((r) => r.runbookId === 'bogons' && r.status === 'failed')).toBe(
      true,
    );
  });

  it('loads one run in full', () => {
    const run = timed('getRun', () => store.getRun(seededRunId(4321)))!;
    expect(run.steps).toHaveLength(STEPS_PER_RUN);
    expect(run.steps[7]).toMatchObject({ stepName: 'step-7', status: 'passed' });
    expect(store.readOutputText(run.steps[7]!.id)).toBe(seededOutput(4321, 7).trimEnd());
  });

  it('finds a run by a word of one execution output', () => {
    const hit = timed('text search (one match)', () => store.listRuns({ text: 'token4321x7' }));
    expect(hit.runs.map((r) => r.id)).toEqual([seededRunId(4321)]);
    const many = timed('text search (many matches)', () =>
      store.listRuns({ text: 'link up', limit: 20 }),
    );
    expect(many.total).toBe(RUNS);
    const params = timed('text search on params', () => store.listRuns({ text: 'host-9876' }));
    expect(params.runs.map((r) => r.id)).toContain(seededRunId(9876));
    const short = timed('short term scan', () => store.listRuns({ text: 'x9', limit: 5 }));
    expect(short.total).toBeGreaterThan(0);
  });

  it('deletes one run among many', () => {
    expect(timed('deleteRun', () => store.deleteRun(seededRunId(5000)))).toBe(true);
    expect(store.listRuns({}).total).toBe(RUNS - 1);
    expect(store.listRuns({ text: 'token5000x3' }).total).toBe(0);
  });
});
