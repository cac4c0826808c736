/**
 * A step that exited 3 and then passed when run again, for real (a pty, a history file): both
 * attempts must be in the JSON, HTML and PDF evidence and in `runlog verify`'s report, and
 * removing or reordering an attempt must make verify fail. Files of the earlier format
 * (runlog-evidence/1, exported by the Runlog before this one) must still verify.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src-main/core/engine/engine.js';
import { exportRun } from '../../../src-main/core/evidence/export.js';
import type { EvidenceDocument } from '../../../src-main/core/evidence/sign.js';
import { HistoryStore } from '../../../src-main/core/history/index.js';
import { CONTEXT, runbook, step, tempDir } from '../engine/helpers.js';
import { statementOf, tamper } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'out', 'main', 'cli.js');
const V1 = path.join(ROOT, 'test', 'fixtures', 'evidence-v1');
/** The key that signed the /1 fixtures (the installation that exported them). */
const V1_KEY = 'SHA256:G263400gddBKfSTtE6h8jQJ340lD+O3LjwAms0vK0Ck';

function verify(file: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'verify', file, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

let dir: string;
/** The exporting installation's data folder: its key history is the trusted signer. */
let dataDir: string;
let doc: EvidenceDocument;
/** The run's folder: its report.txt is the one the second attempt wrote. */
let runFolder: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = tempDir('runlog-retry-');
  dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  const store = HistoryStore.open(path.join(dataDir, 'history.sqlite'));
  const engine = new Engine({ recorder: store, dataDir, context: CONTEXT });
  const rb = runbook(tempDir(), [
    step(
      'flaky',
      'if [ -f marker ]; then echo second-try-ok; echo second >report.txt; else touch marker; echo first-try-boom; echo first >report.txt; exit 3; fi',
      { artifacts: ['report.txt'] },
    ),
  ]);
  const { runId } = engine.startRun({ runbook: rb, params: {} });
  expect((await engine.runStep({ runId, step: 'flaky' })).exitCode).toBe(3);
  expect((await engine.runStep({ runId, step: 'flaky' })).status).toBe('passed');
  expect(await engine.finishRun(runId)).toBe('passed');
  runFolder = store.getRun(runId)!.folder;
  const source = {
    run: store.getRun(runId)!,
    outputText: (id: number) => store.readOutputText(id),
  };
  for (const format of ['json', 'html', 'pdf', 'bundle'] as const) {
    files[format] = path.join(dir, `evidence.${format === 'bundle' ? 'zip' : format}`);
    const done = await exportRun(source, { format, dataDir, out: files[format] });
    doc = done.document;
  }
  await engine.shutdown();
  store.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a step run again after it failed', () => {
  it('keeps both attempts in the JSON evidence, in the order they happened', () => {
    const record = statementOf(JSON.parse(fs.readFileSync(files.json!, 'utf8'))).predicate;
    expect(record.attempts.map((a) => [a.seq, a.step, a.attempt, a.status, a.exitCode])).toEqual([
      [1, 'flaky', 1, 'failed', 3],
      [2, 'flaky', 2, 'passed', 0],
    ]);
    expect(record.attempts[0]!.output).toContain('first-try-boom');
    expect(record.attempts[1]!.output).toContain('second-try-ok');
    expect(record.steps[0]).toMatchObject({ name: 'flaky', status: 'passed', attempts: [1, 2] });
  });

  it('shows the earlier attempt in the HTML page and in the PDF', () => {
    const html = fs.readFileSync(files.html!, 'utf8');
    expect(html).toContain('Attempt 1 of 2: failed, exit 3');
    expect(html).toContain('Attempt 2 of 2: passed, exit 0');
    expect(html).toContain('first-try-boom');
    expect(html).toContain('<meta name="generator" content="runlog-evidence-html/3">');
    const pdf = execFileSync('pdftotext', [files.pdf!, '-'], { encoding: 'utf8' });
    // Labels print as written (renderer 3 keeps renderer 2's printed labels).
    expect(pdf).toContain('Attempt 1 of 2: failed, exit 3');
    expect(pdf).toContain('Attempt 2 of 2: passed, exit 0');
    expect(pdf).toContain('first-try-boom');
    expect(pdf).toContain('second-try-ok');
  });

  it('names the retried step in runlog verify, for JSON, HTML, PDF and bundle', () => {
    for (const format of ['json', 'html', 'pdf', 'bundle']) {
      const r = verify(files[format]!, '--data-dir', dataDir);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('chain: 2 records, intact');
      expect(r.out).toContain('retried: flaky: attempt 1 failed, exit 3; attempt 2 passed, exit 0');
    }
  });

  it('checks the file a step wrote again against its last attempt, naming the replaced one', () => {
    const record = statementOf(doc).predicate;
    const [first, second] = record.attempts.map((a) => a.artifacts[0]!.sha256);
    expect(first).not.toBe(second);
    const inFolder = verify(files.json!, '--data-dir', dataDir, '--artifacts', runFolder);
    expect(inFolder.code, inFolder.out).toBe(0);
    expect(inFolder.out).toContain('artifacts: 1 match, 0 differ, 1 not checked');
    expect(inFolder.out).toMatch(/recorded by an earlier attempt were replaced.*report\.txt/);
    // The bundle holds the file as the last attempt left it, and verifies as a whole.
    const bundled = verify(files.bundle!, '--data-dir', dataDir);
    expect(bundled.code, bundled.out).toBe(0);
    expect(bundled.out).toContain('artifacts: 1 match, 0 differ, 1 not checked');
    // The replaced hash still counts: the first attempt's record changed breaks the chain.
    const bad = tamper(doc, (st) => {
      st.predicate.attempts[0]!.artifacts[0]!.sha256 = second!;
    });
    const file = path.join(dir, 'replaced-hash-changed.json');
    fs.writeFileSync(file, JSON.stringify(bad));
    expect(verify(file, '--data-dir', dataDir, '--artifacts', runFolder).code).toBe(1);
  });

  it('fails verify when the failed attempt is removed, or the two are swapped', () => {
    const removed = tamper(doc, (st) => {
      st.predicate.attempts.splice(0, 1);
      st.predicate.steps[0]!.attempts = [2];
    });
    const swapped = tamper(doc, (st) => {
      const a = st.predicate.attempts;
      [a[0], a[1]] = [a[1]!, a[0]!];
    });
    for (const [name, bad] of [
      ['removed', removed],
      ['swapped', swapped],
    ] as const) {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(bad));
      const r = verify(file, '--data-dir', dataDir);
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(/^NOT VALID/);
      expect(r.out).toContain('BROKEN at attempt 1 (flaky, attempt 2 of the step)');
    }
  });
});

describe('evidence of the first format', () => {
  it('still verifies, pinned to the key that made it, as JSON and as HTML', () => {
    for (const name of ['legacy-v1.json', 'legacy-v1.html']) {
      const r = verify(path.join(V1, name), '--key', V1_KEY);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('chain: 3 records, intact');
      expect(r.out).toContain('pinned with --key');
    }
  });

  it('still names a changed step record of the first format', () => {
    const original = JSON.parse(
      fs.readFileSync(path.join(V1, 'legacy-v1.json'), 'utf8'),
    ) as EvidenceDocument;
    const bad = tamper(original, (st) => {
      (st.predicate as unknown as { steps: Array<{ exitCode?: number }> }).steps[0]!.exitCode = 7;
    });
    const file = path.join(dir, 'v1-bad.json');
    fs.writeFileSync(file, JSON.stringify(bad));
    const r = verify(file, '--key', V1_KEY);
    expect(r.code).toBe(1);
    expect(r.out).toContain('BROKEN at step 1 (flaky)');
  });
});
