/**
 * The engine's own gate for text that does not show on screen: a step hiding a bidirectional
 * override or a zero-width character is refused unless the request confirms it, whoever sends the
 * request, with details that name each character and where it is; Run all stops before it; a long
 * line alone is not gated (the UI marks it, nothing in it is out of sight once wrapped).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/core/engine/engine.js';
import { describeHidden, needsGate } from '../../../src-main/core/engine/step-gate.js';
import { makeEngine, runbook, step, tempDir } from './helpers.js';

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
});

/** Shows "echo hidden-ok # txet"; runs one more command than a reader would think. */
const TRICKY = 'echo hidden-ok # \u202e txet\necho zero\u200bwidth';

function setup() {
  const made = makeEngine();
  engines.push(made.engine);
  const rb = runbook(tempDir(), [
    step('plain', 'echo plain-ok'),
    step('tricky', TRICKY),
    step('far', `echo start${' '.repeat(300)}; echo far-ok`),
  ]);
  const { runId } = made.engine.startRun({ runbook: rb, params: {} });
  return { ...made, runId };
}

describe('the gate of hidden characters', () => {
  it('gates a step hiding characters, not a plain one or one with a long line only', () => {
    expect(needsGate(step('a', 'echo ok'))).toBe(false);
    expect(needsGate(step('a', TRICKY))).toBe(true);
    expect(needsGate(step('a', `echo${' '.repeat(400)}x`))).toBe(false);
    expect(needsGate(step('a', 'printf "\\033[2J"'))).toBe(false);
    expect(needsGate(step('a', 'printf "\x1b[2J"'))).toBe(true);
    expect(describeHidden(TRICKY)).toBe(
      'U+202E right-to-left override (line 1), U+200B zero-width space (line 2)',
    );
  });

  it('refuses the step unconfirmed, naming each character and where it is; nothing runs', async () => {
    const { engine, recorder, runId } = setup();
    const refused = await engine.runStep({ runId, step: 'tricky' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'needs-confirmation',
      details: {
        step: 'tricky',
        text: TRICKY,
        sudo: false,
        hidden: [
          {
            line: 1,
            column: 18,
            codePoint: 'U+202E',
            kind: 'bidi',
            name: 'right-to-left override',
          },
          { line: 2, column: 10, codePoint: 'U+200B', kind: 'invisible', name: 'zero-width space' },
        ],
      },
    });
    expect((refused as Error).message).toContain('holds characters that do not show on screen');
    expect((refused as Error).message).toContain('U+202E right-to-left override (line 1)');
    // `confirmed: false` is no confirmation either.
    await expect(engine.runStep({ runId, step: 'tricky', confirmed: false })).rejects.toMatchObject(
      { code: 'needs-confirmation' },
    );
    expect(recorder.latest(runId, 'tricky')).toBeUndefined();
    expect((await engine.runStep({ runId, step: 'plain' })).status).toBe('passed');
    expect((await engine.runStep({ runId, step: 'far' })).status).toBe('passed');
  });

  it('runs it once confirmed, and the history says what was confirmed', async () => {
    const { engine, recorder, runId } = setup();
    expect((await engine.runStep({ runId, step: 'tricky', confirmed: true })).status).toBe(
      'passed',
    );
    const gate = recorder.runs.get(runId)!.events.find((e) => e.type === 'gate-confirmed');
    expect(gate).toMatchObject({
      stepName: 'tricky',
      detail:
        'hidden characters: U+202E right-to-left override (line 1), U+200B zero-width space (line 2)',
    });
  });

  it('Run all stops before it until the walk confirms it', async () => {
    const { engine, recorder, runId } = setup();
    expect(await engine.runAll({ runId })).toEqual({
      stoppedAt: { step: 'tricky', reason: 'needs-confirmation' },
    });
    expect(recorder.latest(runId, 'plain')!.result!.status).toBe('passed');
    expect(recorder.latest(runId, 'tricky')).toBeUndefined();
    expect(await engine.runAll({ runId, confirmed: ['tricky'] })).toEqual({});
    expect(recorder.latest(runId, 'tricky')!.result!.status).toBe('passed');
    expect(recorder.latest(runId, 'far')!.result!.status).toBe('passed');
  });
});
