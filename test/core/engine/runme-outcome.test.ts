/**
 * Runme's cell settings meet the outcome model, on real runbook files, real ptys and the real
 * history: categories, ignored cells, background steps, steps that cannot run as written, expected
 * failures and optional sections in one run, with the engine's verdict at finish and the history's
 * "what finishing now would say" agreeing; and what a resumed run keeps of them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Runbook } from '../../../src-main/core/runbook/model.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';
import { enginesClosedAfterEach, tempDir } from './helpers.js';

const { engineOn } = enginesClosedAfterEach();

function book(markdown: string): Runbook {
  const file = join(tempDir('runlog-outcome-'), 'book.md');
  writeFileSync(file, markdown);
  return parseRunbook(readFileSync(file), file);
}

/** A background server, an expected failure, a cell of another category, an ignored cell. */
const MIXED = [
  '# Mixed',
  '```sh { name=build category=build }',
  'echo built',
  '```',
  '```sh { name=server category=build background }',
  'while true; do sleep 0.2; done',
  '```',
  '```sh { name=probe category=build expect=fail }',
  'exit 3',
  '```',
  '```sh { name=deploy category=deploy }',
  'echo deployed',
  '```',
  '```sh { name=never ignore=true }',
  'echo never',
  '```',
  '## Optional: a gate written wrongly',
  '```sh { name=gated category=build sudo=perhaps }',
  'echo gated',
  '```',
].join('\n');

describe('the outcome of a Runme notebook', () => {
  it('combines categories, ignore, background, expect=fail and an optional step that cannot run', async () => {
    const { engine, store } = engineOn(tempDir());
    const rb = book(MIXED);
    const { runId } = engine.startRun({ runbook: rb, params: {}, categories: ['build'] });
    expect(await engine.runAll({ runId })).toEqual({});
    const before = store.getRun(runId)!;
    expect(before.steps.find((s) => s.stepName === 'server')?.status).toBe('running');
    // The background server still runs: finishing stops it, so it already counts as done.
    const note = {
      kind: 'not-runnable',
      steps: ['gated'],
      detail: 'cannot run: line 18: step "gated": attribute sudo: "perhaps" is not true or false',
    };
    expect(before.outcome).toEqual({ status: 'passed-with-exceptions', notes: [note] });
    expect(await engine.finishRun(runId)).toBe('passed-with-exceptions');
    const run = store.getRun(runId)!;
    expect(run.outcome).toEqual(before.outcome);
    expect(run.steps.map((s) => [s.stepName, s.status, s.flag ?? s.reason])).toEqual([
      ['build', 'passed', undefined],
      ['server', 'passed', 'stopped-by-operator'],
      ['probe', 'passed', 'failed-as-expected'],
      ['deploy', 'not-applicable', 'category: not in build'],
      ['never', 'not-applicable', 'ignored (ignore=true)'],
      ['gated', 'pending', note.detail],
    ]);
  });

  it('keeps a run with a required step that cannot run incomplete, never passed', async () => {
    const { engine, store } = engineOn(tempDir());
    const rb = book(
      MIXED.replace('## Optional: a gate written wrongly', '## A gate written wrongly'),
    );
    const { runId } = engine.startRun({ runbook: rb, params: {}, categories: ['build'] });
    expect((await engine.runAll({ runId })).stoppedAt).toMatchObject({
      step: 'gated',
      reason: 'invalid',
    });
    expect(await engine.runAll({ runId, keepGoing: true })).toEqual({});
    expect(store.getRun(runId)!.outcome).toMatchObject({
      status: 'incomplete',
      notes: [{ kind: 'not-runnable', steps: ['gated'] }],
    });
    // The operator may skip it with a reason: an exception, like any skip.
    engine.skip({ runId, step: 'gated', reason: 'the gate is fixed in the next version' });
    expect(await engine.finishRun(runId)).toBe('passed-with-exceptions');
  });

  it('counts a required step excluded from run all until it is run (Runme cells often are)', async () => {
    const { engine } = engineOn(tempDir());
    const rb = book(
      '# E\n```sh {"name":"a"}\necho a\n```\n```sh { name=cleanup excludeFromRunAll=true }\necho c\n```\n',
    );
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    expect(await engine.runAll({ runId })).toEqual({});
    expect((await engine.runStep({ runId, step: 'cleanup' })).status).toBe('passed');
    expect(await engine.finishRun(runId)).toBe('passed');
    const second = engine.startRun({ runbook: rb, params: {} });
    await engine.runAll({ runId: second.runId });
    expect(await engine.finishRun(second.runId)).toBe('incomplete');
  });
});

describe('a config step written wrongly', () => {
  it('cannot be answered or walked past until fixed, only skipped with a reason', async () => {
    const { engine, store } = engineOn(tempDir());
    const rb = book(
      '# C\n```asa { name=apply device=requierd }\naccess-group X in interface outside\n```\n',
    );
    expect(rb.problems).toMatchObject([{ severity: 'error', step: 'apply' }]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    expect(() => engine.attest({ runId, step: 'apply', done: true })).toThrow(
      expect.objectContaining({ code: 'step-invalid' }),
    );
    expect((await engine.runAll({ runId })).stoppedAt).toMatchObject({
      step: 'apply',
      reason: 'invalid',
    });
    expect(store.getRun(runId)!.outcome.notes).toMatchObject([
      { kind: 'not-runnable', steps: ['apply'] },
    ]);
    engine.skip({ runId, step: 'apply', reason: 'applied by hand, see ticket' });
    expect(await engine.finishRun(runId)).toBe('passed-with-exceptions');
  });
});

describe('resuming a Runme run', () => {
  it('keeps the categories chosen at start; a background step is not resumed but walked again', async () => {
    const dataDir = tempDir();
    const rb = book(MIXED.replace(/## Optional[\s\S]*$/, ''));
    const first = engineOn(dataDir);
    const { runId } = first.engine.startRun({ runbook: rb, params: {}, categories: ['build'] });
    await first.engine.runStep({ runId, step: 'build' });
    expect((await first.engine.runStep({ runId, step: 'server' })).status).toBe('running');
    await first.engine.releaseRun(runId);
    const left = first.store.getRun(runId)!;
    // Leaving the run stops the server; that is not its normal end.
    expect(left.steps.find((s) => s.stepName === 'server')?.status).toBe('stopped');
    expect(left.outcome.status).toBe('incomplete');

    const second = engineOn(dataDir);
    await second.engine.resumeRun({ runId });
    await expect(second.engine.runStep({ runId, step: 'deploy' })).rejects.toMatchObject({
      code: 'not-applicable',
    });
    expect(await second.engine.runAll({ runId })).toEqual({});
    const walked = second.store.getRun(runId)!;
    const server = walked.steps.find((s) => s.stepName === 'server')!;
    expect([server.status, server.attempts.map((a) => a.status)]).toEqual([
      'running',
      ['stopped', 'running'],
    ]);
    expect(await second.engine.finishRun(runId)).toBe('passed');
    expect(second.store.getRun(runId)!.steps.map((s) => s.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'not-applicable',
      'not-applicable',
    ]);
  });
});
