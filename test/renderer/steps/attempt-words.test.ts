/**
 * The words of the record as the operator reads them: an attempt's line, its flag, the version it
 * ran, the marks of a step's rules, and each earlier attempt kept apart from the current one.
 */
import { describe, expect, it } from 'vitest';
import {
  attemptSummary,
  flagWords,
  versionWords,
} from '../../../src-renderer/steps/attempt-words.js';
import { alternativesDone, stepMarks } from '../../../src-renderer/steps/step-marks.js';
import { earlierAttempts } from '../../../src-renderer/steps/step-view.js';
import type { Step } from '../../../src-main/core/runbook/model.js';
import type { StepAttempt } from '../../../src-main/core/run-model.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function step(name: string, rules: Step['rules']): Step {
  return {
    name,
    kind: 'command',
    language: 'sh',
    text: 'true',
    line: 1,
    platforms: [],
    sudo: false,
    artifacts: [],
    expect: [0],
    interactive: false,
    excludeFromRunAll: false,
    attributes: {},
    rules,
  };
}

describe('attempt words', () => {
  it('says what each attempt was: a run with its exit or signal and flag, an answer, a skip', () => {
    expect(attemptSummary({ attempt: 1, status: 'failed', exitCode: 3, action: 'run' }, 2)).toBe(
      'Attempt 1 of 2: failed, exit 3',
    );
    expect(
      attemptSummary({ attempt: 2, status: 'stopped', signal: 'SIGTERM', action: 'run' }, 3),
    ).toBe('Attempt 2 of 3: stopped, SIGTERM');
    expect(
      attemptSummary(
        { attempt: 1, status: 'passed', flag: 'failed-as-expected', exitCode: 1, action: 'run' },
        2,
      ),
    ).toBe('Attempt 1 of 2: passed, failed as expected, exit 1');
    expect(
      attemptSummary(
        { attempt: 1, status: 'not-done', action: 'attest', attestation: { done: false } },
        2,
      ),
    ).toBe('Attempt 1 of 2: not done');
    expect(attemptSummary({ attempt: 1, status: 'skipped', action: 'skip' }, 2)).toBe(
      'Attempt 1 of 2: skipped',
    );
    expect(flagWords('unexpected-success')).toBe('unexpected success');
    expect(flagWords(undefined)).toBe('');
  });

  it('names the runbook version an attempt ran among the run’s versions', () => {
    const versions = [
      { sha256: A, acceptedAt: 'x' },
      { sha256: B, acceptedAt: 'y' },
    ];
    expect(versionWords(B, versions)).toBe('version 2 of 2 (bbbbbbbbbbbb…)');
    expect(versionWords(undefined, versions)).toBe('');
  });

  it('keeps every attempt before the current one, and none after it', () => {
    const attempts = [1, 2, 3].map((n) => ({ attempt: n }) as StepAttempt);
    expect(earlierAttempts({ status: 'passed', executionId: 3, attempt: 3, attempts })).toEqual(
      attempts.slice(0, 2),
    );
    // A new attempt just started (its event came before the record was read again).
    expect(
      earlierAttempts({ status: 'running', executionId: 9, attempt: 4, attempts }).map(
        (a) => a.attempt,
      ),
    ).toEqual([1, 2, 3]);
    expect(earlierAttempts(undefined)).toEqual([]);
  });
});

describe('step marks', () => {
  it('marks optional, alternatives, expected failure, open-ended and device-required steps', () => {
    const marks = stepMarks(
      step('s', {
        optional: true,
        expectFailure: true,
        openEnded: true,
        deviceRequired: true,
        alternative: { group: 'fw', option: 'a' },
      }),
    ).map((m) => m.label);
    expect(marks).toEqual([
      'optional',
      'one of fw',
      'expected to fail',
      'open-ended',
      'device required',
    ]);
    expect(stepMarks(step('plain', {}))).toEqual([]);
  });

  it('marks a group of alternatives done by the option that passed, not by a skipped one', () => {
    const steps = [
      step('a', { alternative: { group: 'fw', option: 'a' } }),
      step('b', { alternative: { group: 'fw', option: 'b' } }),
    ];
    expect(alternativesDone(steps, { a: { status: 'skipped', executionId: 1 } })).toEqual(
      new Map(),
    );
    const done = alternativesDone(steps, { b: { status: 'passed', executionId: 2 } });
    expect(done.get('fw')).toBe('b');
    expect(stepMarks(steps[0]!, 'b')[0]).toMatchObject({ label: 'fw: done by b', ok: true });
    expect(stepMarks(steps[1]!, 'b')[0]!.label).toBe('fw: done this way');
  });
});
