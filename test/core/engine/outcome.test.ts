/**
 * The outcome model in the engine: expected failures, open-ended steps, skips, optional steps,
 * alternatives, the device an attestation needs, parameters in config text, and a finished run
 * that refuses every change. Real commands in a real pty, recorded in memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/core/engine/engine.js';
import type { Step } from '../../../src-main/core/runbook/model.js';
import { makeEngine, param, runbook, step, tempDir } from './helpers.js';

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
});

function start(steps: Step[], extra: Parameters<typeof runbook>[2] = {}, params = {}) {
  const made = makeEngine();
  engines.push(made.engine);
  const rb = runbook(tempDir(), steps, extra);
  const { runId } = made.engine.startRun({ runbook: rb, params });
  return { ...made, runId, rb };
}

const manual = (name: string, kind: 'checklist' | 'config', extra: Partial<Step> = {}) =>
  step(name, kind === 'checklist' ? 'Is it done?' : 'interface $IFACE', {
    kind,
    language: kind === 'config' ? 'cisco' : '',
    ...extra,
  });

describe('expected failures', () => {
  it('passes a probe that fails as the runbook expects, and flags one that succeeds', async () => {
    const probe = (name: string, text: string) =>
      step(name, text, { expect: [], rules: { expectFailure: true } });
    const { engine, runId, recorder } = start([probe('before', 'exit 1'), probe('lucky', 'true')]);
    expect(await engine.runStep({ runId, step: 'before' })).toMatchObject({
      status: 'passed',
      flag: 'failed-as-expected',
      exitCode: 1,
    });
    expect(await engine.runStep({ runId, step: 'lucky' })).toMatchObject({
      status: 'passed',
      flag: 'unexpected-success',
      exitCode: 0,
    });
    expect(recorder.latest(runId, 'lucky')!.result).toMatchObject({ flag: 'unexpected-success' });
    expect(await engine.finishRun(runId)).toBe('passed-with-exceptions');
  });

  it('fails a step meant to fail with another code than the expected ones', async () => {
    const { engine, runId } = start([
      step('p', 'exit 2', { expect: [1], rules: { expectFailure: true } }),
    ]);
    expect((await engine.runStep({ runId, step: 'p' })).status).toBe('failed');
    expect(await engine.finishRun(runId)).toBe('failed');
  });
});

describe('open-ended steps', () => {
  it('counts a stop by the operator as the normal end, and run all goes on after it', async () => {
    const { engine, runId } = start([
      step('capture', 'echo capturing; sleep 30', { rules: { openEnded: true } }),
      step('summary', 'echo summary'),
    ]);
    const walking = engine.runAll({ runId });
    await new Promise<void>((resolve) =>
      engine.on('step:output', (p) => p.data.includes('capturing') && resolve()),
    );
    await engine.stop(runId);
    expect(await walking).toEqual({});
    expect(await engine.finishRun(runId)).toBe('passed');
  });

  it('keeps a stopped ordinary step "stopped": the run is not complete', async () => {
    const { engine, runId } = start([step('slow', 'echo go; sleep 30')]);
    const running = engine.runStep({ runId, step: 'slow' });
    await new Promise<void>((resolve) => engine.on('step:output', () => resolve()));
    await engine.stop(runId);
    expect((await running).status).toBe('stopped');
    expect(await engine.finishRun(runId)).toBe('incomplete');
  });
});

describe('skips', () => {
  it('records a skip with its reason as the latest attempt; the run passes with exceptions', async () => {
    const { engine, runId, recorder } = start([step('install', 'exit 9'), step('check', 'true')]);
    await engine.runStep({ runId, step: 'install' });
    expect(() => engine.skip({ runId, step: 'install', reason: '  ' })).toThrow(/needs a reason/);
    engine.skip({ runId, step: 'install', reason: 'installed by the provisioning already' });
    await engine.runStep({ runId, step: 'check' });
    expect(() => engine.skip({ runId, step: 'check', reason: 'x' })).toThrow(/already done/);
    expect(recorder.runs.get(runId)!.skips).toEqual([
      { name: 'install', reason: 'installed by the provisioning already', text: 'exit 9' },
    ]);
    expect(await engine.finishRun(runId)).toBe('passed-with-exceptions');
  });

  it('refuses to skip a step that is not applicable here', () => {
    const { engine, runId } = start([step('mac', 'true', { platforms: ['darwin'] })]);
    expect(() => engine.skip({ runId, step: 'mac', reason: 'no mac' })).toThrow(/not applicable/);
  });
});

describe('optional steps and alternatives', () => {
  it('walks past optional steps: one left alone changes nothing, one that failed is an exception', async () => {
    const { engine, runId } = start([
      step('a', 'true'),
      manual('asa-apply', 'config', { rules: { optional: true } }),
      step('asa-fetch', 'exit 1', { rules: { optional: true } }),
    ]);
    expect(await engine.runAll({ runId })).toEqual({});
    expect(await engine.finishRun(runId)).toBe('passed-with-exceptions');
  });

  it('runs one option of an alternative group and leaves the others', async () => {
    const alt = { rules: { alternative: { group: 'capture', option: '' } } };
    const { engine, runId, recorder } = start([
      step('managed', 'echo managed', alt),
      step('monitor', 'echo monitor', alt),
      step('summary', 'true'),
    ]);
    expect(await engine.runAll({ runId })).toEqual({});
    expect(recorder.latest(runId, 'monitor')).toBeUndefined();
    expect(await engine.finishRun(runId)).toBe('passed');
  });

  it('pauses at optional manual steps only when asked, and walks past the ones it is told to', async () => {
    const { engine, runId } = start([
      manual('q1', 'checklist'),
      manual('q2', 'checklist', { rules: { optional: true } }),
      step('c', 'true'),
    ]);
    expect(await engine.runAll({ runId })).toEqual({
      stoppedAt: { step: 'q1', reason: 'pending-manual' },
    });
    expect(await engine.runAll({ runId, pass: ['q1'], askOptional: true })).toEqual({
      stoppedAt: { step: 'q2', reason: 'pending-manual' },
    });
    expect(await engine.runAll({ runId, pauseAt: ['c'], pass: ['q1'] })).toEqual({
      stoppedAt: { step: 'c', reason: 'paused' },
    });
    expect(await engine.runAll({ runId, pass: ['q1'] })).toEqual({});
    expect(await engine.finishRun(runId)).toBe('incomplete');
  });
});

describe('answers', () => {
  it('needs the device name to attest a config step done when the runbook asks for it', () => {
    const { engine, runId, recorder } = start(
      [manual('apply', 'config', { rules: { deviceRequired: true } })],
      { params: [param('IFACE')] },
      { IFACE: 'Gi0/1' },
    );
    expect(() => engine.attest({ runId, step: 'apply', done: true })).toThrow(
      /asks for the device it was applied on/,
    );
    expect(() => engine.attest({ runId, step: 'apply', done: true, device: '  ' })).toThrow(
      /device/,
    );
    expect(() => engine.attest({ runId, step: 'apply', done: true, device: 'rtr\u202e1' })).toThrow(
      /control or invisible/,
    );
    engine.attest({ runId, step: 'apply', done: false, note: 'change window moved' });
    engine.attest({ runId, step: 'apply', done: true, device: ' edge-rtr-01 ' });
    const answers = recorder.runs.get(runId)!.attestations;
    expect(answers.map((a) => [a.attestation.done, a.attestation.device])).toEqual([
      [false, undefined],
      [true, 'edge-rtr-01'],
    ]);
    // The recorded text is what the operator copied: the parameter's value put in.
    expect(answers[1]!.text).toBe('interface Gi0/1');
    expect(recorder.runs.get(runId)!.plan[0]!.text).toBe('interface Gi0/1');
  });

  it('refuses to start a run whose config text could not show a value (a format character)', () => {
    const made = makeEngine();
    engines.push(made.engine);
    const rb = runbook(tempDir(), [manual('apply', 'config')], { params: [param('IFACE')] });
    expect(() =>
      made.engine.startRun({ runbook: rb, params: { IFACE: 'Gi0/1\u2028reload' } }),
    ).toThrow(/IFACE: the value holds a line break/);
  });

  it('gives a gate refusal the exact text and the parameters of its environment, secrets redacted', async () => {
    const { engine, runId } = start(
      [step('gated', 'sudo true', { sudo: true })],
      { params: [param('PW', { secret: true }), param('HOST')] },
      { PW: 's3cret-value', HOST: 'db01' },
    );
    await expect(engine.runStep({ runId, step: 'gated' })).rejects.toMatchObject({
      code: 'needs-confirmation',
      details: { text: 'sudo true', sudo: true, params: { PW: '[redacted]', HOST: 'db01' } },
    });
  });
});

describe('a finished run', () => {
  it('refuses every command that would change it', async () => {
    const { engine, runId, rb } = start([step('a', 'true'), manual('q', 'checklist')]);
    await engine.runStep({ runId, step: 'a' });
    await engine.finishRun(runId);
    const refused = { code: 'run-not-open' };
    await expect(engine.runStep({ runId, step: 'a' })).rejects.toMatchObject(refused);
    await expect(engine.runAll({ runId })).rejects.toMatchObject(refused);
    expect(() => engine.attest({ runId, step: 'q', done: true })).toThrow(/read-only/);
    expect(() => engine.skip({ runId, step: 'q', reason: 'x' })).toThrow(/read-only/);
    await expect(engine.finishRun(runId)).rejects.toThrow(/read-only/);
    await expect(
      engine.acceptRunbookChange({ runId, sha256: rb.sha256, trust: 'operator' }),
    ).rejects.toThrow(/read-only/);
    await expect(engine.releaseRun(runId)).rejects.toMatchObject(refused);
  });
});
