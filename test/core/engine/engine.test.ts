import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/core/engine/engine.js';
import { newRunId } from '../../../src-main/core/engine/engine.js';
import { makeEngine, param, runbook, step, tempDir } from './helpers.js';

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
});

function setup() {
  const made = makeEngine();
  engines.push(made.engine);
  return made;
}

describe('Engine runs', () => {
  it('records the plan with reasons for other-platform and display steps, and secrets redacted', () => {
    const { engine, recorder, dataDir } = setup();
    const rb = runbook(
      tempDir(),
      [
        step('here', 'true'),
        step('mac', 'true', { platforms: ['darwin'] }),
        step('shown', 'text', { kind: 'display', language: 'text' }),
      ],
      { params: [param('PW', { secret: true }), param('HOST')] },
    );
    const { runId, folder } = engine.startRun({
      runbook: rb,
      params: { PW: 'topsecret', HOST: 'a.example' },
    });
    const run = recorder.runs.get(runId)!;
    expect(run.plan.map((s) => [s.name, s.status, s.reason])).toEqual([
      ['here', 'pending', undefined],
      ['mac', 'not-applicable', 'platform: linux not in darwin'],
      ['shown', 'not-applicable', 'display only'],
    ]);
    expect(run.params).toEqual({ PW: '[redacted]', HOST: 'a.example' });
    expect(run.runbookSource).toBe(readFileSync(rb.file, 'utf8'));
    expect(run.runbookSha256).toBe(rb.sha256);
    expect(folder).toBe(join(dataDir, 'runs', runId));
    expect(statSync(folder).mode & 0o777).toBe(0o700);
  });

  it('refuses bad parameters with the messages, and a runbook with errors', () => {
    const { engine } = setup();
    const dir = tempDir();
    const rb = runbook(dir, [step('a', 'true')], {
      params: [param('PORT', { type: 'port', required: true })],
    });
    expect(() => engine.startRun({ runbook: rb, params: { PORT: '99999' } })).toThrowError(/PORT/);
    try {
      engine.startRun({ runbook: rb, params: { PORT: 'x' } });
    } catch (e) {
      expect(e).toMatchObject({ code: 'bad-params' });
    }
    const broken = {
      ...rb,
      problems: [{ file: rb.file, line: 3, column: 1, message: 'bad', severity: 'error' as const }],
    };
    expect(() => engine.startRun({ runbook: broken, params: { PORT: '22' } })).toThrowError(
      /:3:1: bad/,
    );
  });

  it('sorts run ids by start time', () => {
    const a = newRunId(new Date('2024-01-02T03:04:05.006Z'));
    const b = newRunId(new Date('2024-01-02T03:04:05.007Z'));
    expect(a < b).toBe(true);
    expect(a.startsWith('20240102T030405006Z-')).toBe(true);
  });

  it('gates sudo and confirm steps until confirmed, then records the confirmation', async () => {
    const { engine, recorder } = setup();
    const rb = runbook(tempDir(), [
      step('elevated', 'echo up', { sudo: true }),
      step('risky', 'echo risky', { confirm: 'This reboots the router' }),
    ]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    await expect(engine.runStep({ runId, step: 'elevated' })).rejects.toMatchObject({
      code: 'needs-confirmation',
      details: { step: 'elevated', text: 'echo up', sudo: true },
    });
    await expect(engine.runStep({ runId, step: 'risky' })).rejects.toMatchObject({
      code: 'needs-confirmation',
      details: { confirm: 'This reboots the router' },
    });
    expect((await engine.runStep({ runId, step: 'risky', confirmed: true })).status).toBe('passed');
    expect(
      recorder.runs
        .get(runId)!
        .events.filter((e) => e.type === 'gate-confirmed')
        .map((e) => e.stepName),
    ).toEqual(['risky']);
  });

  it('refuses other-platform, manual, unknown and concurrent steps with their codes', async () => {
    const { engine } = setup();
    const rb = runbook(tempDir(), [
      step('mac', 'true', { platforms: ['darwin'] }),
      step('ask', 'Is the backup done?', { kind: 'checklist', language: '' }),
      step('long', 'sleep 2'),
      step('other', 'true'),
    ]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    await expect(engine.runStep({ runId, step: 'mac' })).rejects.toMatchObject({
      code: 'not-applicable',
    });
    await expect(engine.runStep({ runId, step: 'ask' })).rejects.toMatchObject({
      code: 'manual-step',
    });
    await expect(engine.runStep({ runId, step: 'nope' })).rejects.toMatchObject({
      code: 'unknown-step',
    });
    await expect(engine.runStep({ runId: 'nope', step: 'long' })).rejects.toMatchObject({
      code: 'unknown-run',
    });
    const long = engine.runStep({ runId, step: 'long' });
    await expect(engine.runStep({ runId, step: 'other' })).rejects.toMatchObject({
      code: 'step-running',
    });
    await engine.stop(runId);
    await long;
  });

  it('run all stops at a failure, at a gate and at a pending manual step', async () => {
    const { engine, recorder } = setup();
    const rb = runbook(tempDir(), [
      step('one', 'echo one'),
      step('skipped', 'exit 9', { excludeFromRunAll: true }),
      step('gate', 'echo gate', { sudo: true }),
      step('check', 'Looks right?', { kind: 'checklist', language: '' }),
      step('bad', 'exit 2'),
      step('after', 'echo after'),
    ]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    expect(await engine.runAll({ runId })).toEqual({
      stoppedAt: { step: 'gate', reason: 'needs-confirmation' },
    });
    expect(await engine.runAll({ runId, confirmed: ['gate'] })).toEqual({
      stoppedAt: { step: 'check', reason: 'pending-manual' },
    });
    engine.attest({ runId, step: 'check', done: true, note: 'yes' });
    expect(await engine.runAll({ runId, confirmed: ['gate'] })).toEqual({
      stoppedAt: { step: 'bad', reason: 'failed' },
    });
    expect(recorder.latest(runId, 'after')).toBeUndefined();
    expect(recorder.latest(runId, 'skipped')).toBeUndefined();
    expect([...recorder.executions.values()].filter((e) => e.name === 'one')).toHaveLength(1);
    expect(await engine.runAll({ runId, confirmed: ['gate'], keepGoing: true })).toEqual({});
    expect(recorder.latest(runId, 'after')!.result!.status).toBe('passed');
    expect(await engine.finishRun(runId)).toBe('failed');
    expect(recorder.runs.get(runId)!.status).toBe('failed');
  });

  it('finishes passed when every applicable step passed or was attested done', async () => {
    const { engine, recorder } = setup();
    const rb = runbook(tempDir(), [
      step('one', 'true'),
      step('mac', 'false', { platforms: ['darwin'] }),
      step('apply', 'interface x', { kind: 'config', language: 'cisco' }),
    ]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    await engine.runStep({ runId, step: 'one' });
    expect(() => engine.attest({ runId, step: 'one', done: true })).toThrowError(
      /only checklist and config/,
    );
    engine.attest({ runId, step: 'apply', done: true, device: 'rtr1', note: 'applied' });
    expect(recorder.runs.get(runId)!.attestations[0]).toMatchObject({
      name: 'apply',
      attestation: { done: true, device: 'rtr1', note: 'applied' },
    });
    expect(await engine.finishRun(runId)).toBe('passed');
    await expect(engine.runStep({ runId, step: 'one' })).rejects.toMatchObject({
      code: 'run-not-open',
    });
  });

  it('finishes incomplete when a step is still pending', async () => {
    const { engine } = setup();
    const rb = runbook(tempDir(), [step('one', 'true')]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    expect(await engine.finishRun(runId)).toBe('incomplete');
  });

  it('hashes the artifacts a step declares and ignores globs that leave the run folder', async () => {
    const { engine } = setup();
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.txt'), 'outside');
    const rb = runbook(tempDir(), [
      step(
        'make',
        `mkdir -p out && printf abc > out/a.txt && printf hello > b.log && ln -s ${outside}/secret.txt link.txt`,
        {
          artifacts: ['out/*.txt', '*.log', '../*', '/etc/passwd', '*.txt'],
        },
      ),
    ]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    const outcome = await engine.runStep({ runId, step: 'make' });
    expect(outcome.artifacts).toEqual([
      {
        path: 'b.log',
        size: 5,
        sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      },
      {
        path: 'out/a.txt',
        size: 3,
        sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      },
    ]);
  });

  it('refuses further steps once the runbook file changes, records it once, and continues after acceptance', async () => {
    const { engine, recorder } = setup();
    const rb = runbook(tempDir(), [step('one', 'echo one'), step('two', 'echo two')]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    const notices: string[] = [];
    engine.on('run:notice', (n) => notices.push(n.message));
    await engine.runStep({ runId, step: 'one' });
    writeFileSync(rb.file, readFileSync(rb.file, 'utf8') + '\nedited\n');
    await expect(engine.runStep({ runId, step: 'two' })).rejects.toMatchObject({
      code: 'runbook-changed',
    });
    await expect(engine.runStep({ runId, step: 'two' })).rejects.toMatchObject({
      code: 'runbook-changed',
    });
    const changes = recorder.runs.get(runId)!.events.filter((e) => e.type === 'runbook-changed');
    expect(changes).toHaveLength(1);
    expect(notices).toHaveLength(1);
    expect(recorder.latest(runId, 'two')).toBeUndefined();
    const v2 = '# Test\n\n```sh {name=one}\necho one\n```\n\n```sh {name=two}\necho two-v2\n```\n';
    writeFileSync(rb.file, v2);
    const sha256 = createHash('sha256').update(v2).digest('hex');
    await expect(
      engine.acceptRunbookChange({ runId, sha256: 'e'.repeat(64), trust: 'operator' }),
    ).rejects.toThrow(/changed again/);
    expect(await engine.acceptRunbookChange({ runId, sha256, trust: 'operator' })).toEqual({
      sha256,
    });
    expect((await engine.runStep({ runId, step: 'two' })).status).toBe('passed');
    expect(recorder.output(recorder.latest(runId, 'two')!.id).toString()).toContain('two-v2');
    expect(recorder.runs.get(runId)!.events.some((e) => e.type === 'runbook-accepted')).toBe(true);
  });

  it('refuses cleanly when the runbook file is deleted mid-run and keeps what was recorded', async () => {
    const { engine, recorder } = setup();
    const rb = runbook(tempDir(), [step('one', 'echo kept-output'), step('two', 'echo two')]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    await engine.runStep({ runId, step: 'one' });
    rmSync(rb.file);
    await expect(engine.runStep({ runId, step: 'two' })).rejects.toMatchObject({
      code: 'runbook-missing',
      message: expect.stringContaining(rb.file),
    });
    expect(
      recorder.runs
        .get(runId)!
        .events.some((e) => e.type === 'runbook-changed' && e.detail === 'file deleted'),
    ).toBe(true);
    expect(recorder.output(recorder.latest(runId, 'one')!.id).toString()).toContain('kept-output');
    expect(await engine.finishRun(runId)).toBe('incomplete');
  });
});
