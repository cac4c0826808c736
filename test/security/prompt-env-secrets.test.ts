/**
 * A variable a step exports (Runme's promptEnv) whose name says it is a secret is asked without
 * echo and must never be stored or exported in clear, like a secret parameter: the answer is
 * given with --env to the real CLI, a step prints it and derives a value from it, the run is left
 * open (so its state folder stays, with the variables kept for a resume), then resumed, finished
 * and exported; every byte Runlog wrote is searched for the value at each stage.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../src-main/core/history/index.js';
import {
  BUILT,
  exportWithCli,
  filesContaining,
  filesUnder,
  HOSTILE,
  runCli,
  tempDir,
  trustRunbook,
  type CliResult,
} from './helpers.js';

/** Distinctive enough that no other byte sequence in the data folder can match it by chance. */
const TOKEN = 'Pq4-t0k3n-VALUE-mW2';
const RUNBOOK = join(HOSTILE, 'prompt-env-secret.md');

let dataDir: string;
let outDir: string;
let first: CliResult;
let resumed: CliResult;
let runId: string;
/** Files holding the token while the run was left open (its state folder still there). */
let heldWhileOpen: string[];
let stateFilesWhileOpen: string[];

beforeAll(async () => {
  if (!BUILT) return;
  dataDir = tempDir('prompt-env-data');
  outDir = tempDir('prompt-env-out');
  await trustRunbook(dataDir, RUNBOOK);
  // Two steps only: the run has a step left, so it is left open with its state folder.
  first = await runCli([
    'run',
    RUNBOOK,
    '--data-dir',
    dataDir,
    '--step',
    'login',
    '--step',
    'derive',
    '--env',
    `API_TOKEN=${TOKEN}`,
  ]);
  runId = /runlog: run (\S+)/.exec(first.stderr)?.[1] ?? '';
  heldWhileOpen = filesContaining(dataDir, TOKEN);
  stateFilesWhileOpen = filesUnder(join(dataDir, 'engine-state'));
  resumed = await runCli(['resume', runId, '--data-dir', dataDir]);
  for (const format of ['json', 'html'] as const)
    await exportWithCli(dataDir, runId, format, join(outDir, `evidence.${format}`));
});

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe.skipIf(!BUILT)('a secret-looking promptEnv answer', () => {
  it('reaches the steps: they saw the real value (the live terminal shows what they print)', () => {
    expect(first.code, first.stderr).toBe(3);
    expect(first.stdout + first.stderr).toContain(`token=${TOKEN} length=${TOKEN.length}`);
    expect(first.stdout + first.stderr).toContain(`again=${TOKEN}`);
    expect(resumed.code, resumed.stderr).toBe(0);
  });

  it('attack: while the run is left open, no file of the data folder holds it, the kept variables included', () => {
    expect(stateFilesWhileOpen.some((f) => f.endsWith('carried.json'))).toBe(true);
    expect(heldWhileOpen).toEqual([]);
  });

  it('attack: after the run, no file of the data folder and no export holds it', () => {
    expect(filesContaining(dataDir, TOKEN)).toEqual([]);
    expect(filesContaining(outDir, TOKEN)).toEqual([]);
    const evidence = JSON.parse(readFileSync(join(outDir, 'evidence.json'), 'utf8'));
    const payload = Buffer.from(String(evidence.envelope?.payload ?? ''), 'base64').toString();
    expect(payload).not.toContain(TOKEN);
    expect(payload).toContain('API_TOKEN=[redacted]');
  });

  it('is recorded redacted, and a resumed run does not get it back from disk', () => {
    const store = HistoryStore.open(join(dataDir, 'history.sqlite'), { readonly: true });
    try {
      const run = store.getRun(runId)!;
      const text = (name: string) =>
        store.readOutputText(run.steps.find((s) => s.stepName === name)!.id);
      expect(run.status).toBe('passed');
      expect(text('login')).toBe(`token=[redacted] length=${TOKEN.length}`);
      expect(text('derive')).toBe('again=[redacted]');
      // The derived value held the token: it was not kept for the resume either.
      expect(text('later')).toBe('header=none');
      expect(run.events.find((e) => e.type === 'env-answered')?.detail).toBe(
        'API_TOKEN=[redacted]',
      );
    } finally {
      store.close();
    }
  });
});
