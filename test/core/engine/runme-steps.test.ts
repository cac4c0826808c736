/**
 * Runme's cell semantics in the engine, on real runbook files, real ptys and the real history:
 * background steps, promptEnv, categories, steps that cannot run as written, terminal rows, a
 * missing program, cwd from the front matter, and cell ids in the record and the evidence.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportRun } from '../../../src-main/core/evidence/export.js';
import { loadOrCreateKey } from '../../../src-main/core/evidence/keys.js';
import { buildRecord } from '../../../src-main/core/evidence/record.js';
import { verifyFile } from '../../../src-main/core/evidence/verify.js';
import type { Runbook } from '../../../src-main/core/runbook/model.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';
import { trustOf } from '../evidence/helpers.js';
import { engineWithStore, tempDir } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function setup() {
  const { engine, store, dataDir, close } = engineWithStore();
  cleanups.push(close);
  const output = (runId: string, step: string): string => {
    const s = store.getRun(runId)!.steps.find((x) => x.stepName === step)!;
    return store.readOutputText(s.id);
  };
  return { engine, store, dataDir, output };
}

/** Writes a runbook file and parses it as the library would. */
function book(markdown: string, name = 'book'): Runbook {
  const file = join(tempDir('runlog-book-'), `${name}.md`);
  writeFileSync(file, markdown);
  return parseRunbook(readFileSync(file), file);
}

describe('background steps', () => {
  const md = [
    '# Bg',
    '```sh { name=ticker background }',
    'while true; do echo tick >> ticks.log; sleep 0.1; done',
    '```',
    '```sh {"name":"wait"}',
    'for i in $(seq 1 50); do [ -s ticks.log ] && break; sleep 0.1; done; head -n 1 ticks.log',
    '```',
  ].join('\n');

  it('start, let the walk go on, and are stopped and recorded when the run finishes', async () => {
    const { engine, store, output } = setup();
    const { runId } = engine.startRun({ runbook: book(md), params: {} });
    expect(await engine.runAll({ runId })).toEqual({});
    expect(output(runId, 'wait')).toContain('tick');
    expect(store.getRun(runId)!.steps[0]?.status).toBe('running');
    await expect(engine.runStep({ runId, step: 'ticker' })).rejects.toMatchObject({
      code: 'step-running',
    });
    expect(await engine.finishRun(runId)).toBe('passed');
    const run = store.getRun(runId)!;
    expect(run.steps[0]).toMatchObject({ status: 'passed', flag: 'stopped-by-operator' });
    expect(run.events.map((e) => e.type)).toContain('background-stopped');
  });

  it('fail when they end badly on their own, and are only stopped when the run is left open', async () => {
    const { engine, store } = setup();
    const rb = book('# B\n```sh {"name":"crash","background":"true"}\nsleep 0.2; exit 3\n```\n');
    const first = engine.startRun({ runbook: rb, params: {} });
    await engine.runStep({ runId: first.runId, step: 'crash' });
    for (let i = 0; i < 100 && store.getRun(first.runId)!.steps[0]!.status === 'running'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(store.getRun(first.runId)!.steps[0]).toMatchObject({ status: 'failed', exitCode: 3 });

    const slow = book('# S\n```sh {"name":"slow","background":"true"}\nsleep 60\n```\n', 'slow');
    const second = engine.startRun({ runbook: slow, params: {} });
    await engine.runStep({ runId: second.runId, step: 'slow' });
    await engine.releaseRun(second.runId);
    expect(store.getRun(second.runId)!.steps[0]).toMatchObject({ status: 'stopped' });
  });

  it('can be stopped on their own by name', async () => {
    const { engine, store } = setup();
    const { runId } = engine.startRun({
      runbook: book('# S\n```sh { name=slow background }\nsleep 60\n```\n'),
      params: {},
    });
    await engine.runStep({ runId, step: 'slow' });
    expect(await engine.stop(runId, 'slow')).toBe(true);
    expect(store.getRun(runId)!.steps[0]).toMatchObject({ status: 'passed' });
  });
});

describe('promptEnv', () => {
  const md = [
    '# P',
    '```sh {"name":"target"}',
    'export HOST="db01"',
    'export PORT=5432',
    'export PATH="/should/not/be/asked"',
    'echo "to ${HOST}:${PORT}"',
    '```',
  ].join('\n');

  it('refuses to guess: without answers the step names what it asks for', async () => {
    const { engine } = setup();
    const { runId } = engine.startRun({ runbook: book(md), params: {} });
    await expect(engine.runStep({ runId, step: 'target' })).rejects.toMatchObject({
      code: 'needs-env',
      details: {
        step: 'target',
        questions: [
          { name: 'HOST', value: 'db01', secret: false },
          { name: 'PORT', value: '5432', secret: false },
        ],
      },
    });
    expect(await engine.runAll({ runId })).toEqual({
      stoppedAt: { step: 'target', reason: 'needs-env', questions: expect.any(Array) },
    });
  });

  it('runs with the answers in the environment, the text as written, and records them', async () => {
    const { engine, store, output } = setup();
    const rb = book(md);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    await engine.runStep({ runId, step: 'target', env: { HOST: 'db09' } });
    expect(output(runId, 'target')).toContain('to db09:5432');
    const run = store.getRun(runId)!;
    expect(run.steps[0]?.text).toBe(rb.steps[0]?.text);
    expect(run.events.find((e) => e.type === 'env-answered')).toMatchObject({
      stepName: 'target',
      detail: 'HOST=db09',
    });
  });

  it('runs with the written values when asked to (no one to ask)', async () => {
    const { engine, output } = setup();
    const { runId } = engine.startRun({ runbook: book(md), params: {} });
    expect(await engine.runAll({ runId, envDefaults: true })).toEqual({});
    expect(output(runId, 'target')).toContain('to db01:5432');
  });

  it('asks in auto mode only for what is unset, always with yes, never with no or skipPrompts', async () => {
    const { engine } = setup();
    const cells = [
      '---\nparams:\n  HOST: { default: set-by-param }\n---\n# M',
      '```sh {"name":"auto"}\nexport HOST=a\nexport USER_X=b\n```',
      '```sh { name=always promptEnv=yes }\nexport HOST=a\n```',
      '```sh { name=never promptEnv=no }\nexport NEW_ONE=a\n```',
    ].join('\n');
    const { runId } = engine.startRun({ runbook: book(cells), params: {} });
    const asked = async (step: string) =>
      (
        (await engine.runStep({ runId, step }).catch((e) => e)) as {
          details?: { questions: Array<{ name: string }> };
        }
      ).details?.questions.map((q) => q.name);
    expect(await asked('auto')).toEqual(['USER_X']);
    expect(await asked('always')).toEqual(['HOST']);
    expect(await asked('never')).toBeUndefined();
    const skip = book(
      '---\nskipPrompts: true\n---\n# S\n```sh {"name":"s"}\nexport X=1\n```\n',
      'skip',
    );
    const second = engine.startRun({ runbook: skip, params: {} });
    expect((await engine.runStep({ runId: second.runId, step: 's' })).status).toBe('passed');
  });

  it('keeps a secret-looking answer out of the record, and refuses bad answers', async () => {
    const { engine, store, output } = setup();
    const rb = book(
      '# T\n```sh {"name":"login"}\nexport API_TOKEN=""\necho "got ${API_TOKEN}"\n```\n',
    );
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    await expect(
      engine.runStep({ runId, step: 'login', env: { OTHER: 'x' } }),
    ).rejects.toMatchObject({
      code: 'bad-params',
      message: expect.stringContaining('does not ask for OTHER'),
    });
    await expect(
      engine.runStep({ runId, step: 'login', env: { API_TOKEN: 'a\nb' } }),
    ).rejects.toMatchObject({ code: 'bad-params' });
    await engine.runStep({ runId, step: 'login', env: { API_TOKEN: 'hunter2-secret' } });
    expect(output(runId, 'login')).toContain('got [redacted]');
    expect(output(runId, 'login')).not.toContain('hunter2-secret');
    const events = JSON.stringify(store.getRun(runId)!.events);
    expect(events).toContain('API_TOKEN=[redacted]');
    expect(events).not.toContain('hunter2');
  });
});

describe('categories, ignored and invalid steps', () => {
  const md = [
    '# C',
    '```sh {"name":"build","category":"build"}\necho built\n```',
    '```sh { name=deploy category=deploy }\necho deployed\n```',
    '```sh { name=skip-me ignore=true }\necho never\n```',
  ].join('\n');

  it('scopes a run to categories: the others are not applicable and it passes', async () => {
    const { engine, store } = setup();
    const { runId } = engine.startRun({ runbook: book(md), params: {}, categories: ['build'] });
    expect(await engine.runAll({ runId })).toEqual({});
    expect(await engine.finishRun(runId)).toBe('passed');
    const run = store.getRun(runId)!;
    expect(run.steps.map((s) => [s.stepName, s.status, s.reason])).toEqual([
      ['build', 'passed', undefined],
      ['deploy', 'not-applicable', 'category: not in build'],
      ['skip-me', 'not-applicable', 'ignored (ignore=true)'],
    ]);
    expect(run.events[0]).toMatchObject({ type: 'run-started', detail: 'categories: build' });
  });

  it('refuses a run of a category no step is in (it would pass having run nothing)', () => {
    const { engine } = setup();
    expect(() => engine.startRun({ runbook: book(md), params: {}, categories: ['biuld'] })).toThrow(
      /No step of "book" is in the category biuld \(categories: build, deploy\)/,
    );
  });

  it('walks one category of an open run', async () => {
    const { engine, store } = setup();
    const { runId } = engine.startRun({ runbook: book(md), params: {} });
    await engine.runAll({ runId, categories: ['deploy'] });
    expect(store.getRun(runId)!.steps.map((s) => s.status)).toEqual([
      'pending',
      'passed',
      'not-applicable',
    ]);
  });

  it('refuses only the step whose attributes are wrong; the walk stops there or goes past it', async () => {
    const { engine } = setup();
    const rb = book(
      '# I\n```sh { name=bad sudo=perhaps }\necho x\n```\n```sh {"name":"good"}\necho ok\n```\n',
    );
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    await expect(engine.runStep({ runId, step: 'bad', confirmed: true })).rejects.toMatchObject({
      code: 'step-invalid',
    });
    expect(await engine.runAll({ runId })).toEqual({
      stoppedAt: {
        step: 'bad',
        reason: 'invalid',
        problems: [expect.stringContaining('attribute sudo: "perhaps" is not true or false')],
      },
    });
    expect(await engine.runAll({ runId, keepGoing: true })).toEqual({});
    expect((await engine.runStep({ runId, step: 'good' })).status).toBe('passed');
  });
});

describe('where and how a step runs', () => {
  it('gives a step the rows of its terminalRows (else the front matter)', async () => {
    const { engine, output } = setup();
    const rb = book(
      '---\nterminalRows: 7\n---\n# R\n```sh {"name":"own","terminalRows":"11"}\nstty size\n```\n```sh {"name":"doc"}\nstty size\n```\n',
    );
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    await engine.runAll({ runId });
    expect(output(runId, 'own')).toMatch(/^11 \d+/m);
    expect(output(runId, 'doc')).toMatch(/^7 \d+/m);
  });

  it('records a missing program as that step failing, with the reason as its output', async () => {
    const { engine, store, output } = setup();
    const rb = book(
      '# M\n```sh {"name":"m","interpreter":"runlog-missing-x"}\necho\n```\n```sh {"name":"n"}\necho next\n```\n',
    );
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    expect(await engine.runAll({ runId })).toEqual({ stoppedAt: { step: 'm', reason: 'failed' } });
    expect(output(runId, 'm')).toContain(
      'the program "runlog-missing-x" (its interpreter attribute) is not installed',
    );
    expect(store.getRun(runId)!.steps[0]).toMatchObject({ status: 'failed', attempt: 1 });
  });

  it("starts in the front matter's cwd, combined with the step's, relative to the file", async () => {
    const { engine, output } = setup();
    const root = tempDir('runlog-cwd-');
    mkdirSync(join(root, 'docs'), { recursive: true });
    mkdirSync(join(root, 'app'), { recursive: true });
    const file = join(root, 'docs', 'deploy.md');
    writeFileSync(
      file,
      '---\ncwd: ..\n---\n# D\n```sh {"name":"top"}\npwd\n```\n```sh { name=app cwd=app }\npwd\n```\n',
    );
    const { runId } = engine.startRun({
      runbook: parseRunbook(readFileSync(file), file),
      params: {},
    });
    await engine.runAll({ runId });
    expect(output(runId, 'top')).toMatch(new RegExp(`^${root}\\r?$`, 'm'));
    expect(output(runId, 'app')).toContain(join(root, 'app'));
  });
});

describe('cell ids', () => {
  it('are kept with their step in the record and in the evidence, and find the step', async () => {
    const { engine, store, dataDir } = setup();
    const rb = book('# I\n```sh {"id":"01HCELLID00000000000000001"}\necho x\n```\n');
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    await engine.runStep({ runId, step: '01HCELLID00000000000000001' });
    await engine.finishRun(runId);
    const run = store.getRun(runId)!;
    expect(run.steps[0]).toMatchObject({
      stepName: 'i',
      stepId: '01HCELLID00000000000000001',
      status: 'passed',
    });
    const source = { run, outputText: (id: number) => store.readOutputText(id) };
    const record = buildRecord(source);
    expect(record.steps[0]).toMatchObject({ name: 'i', id: '01HCELLID00000000000000001' });
    // The page shows it under the step, and renders again the same (so it verifies).
    const out = join(tempDir('runlog-cell-id-'), 'evidence.html');
    await exportRun(source, { format: 'html', dataDir, out });
    expect(readFileSync(out, 'utf8')).toContain('<span>cell id: 01HCELLID00000000000000001</span>');
    const verified = await verifyFile(out, { trust: trustOf(loadOrCreateKey(dataDir)) });
    expect([verified.status, verified.page]).toEqual([
      'valid',
      { renderer: 'runlog-evidence-html/3', matches: true },
    ]);
  });
});
