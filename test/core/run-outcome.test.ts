import { describe, expect, it } from 'vitest';
import { runOutcome, type OutcomeStep } from '../../src-main/core/run-outcome.js';

/** A step; `status` defaults to passed, and it counts as attempted unless pending. */
function s(
  name: string,
  status: OutcomeStep['status'] = 'passed',
  extra: Partial<OutcomeStep> = {},
): OutcomeStep {
  return { name, rules: {}, status, attempted: status !== 'pending', ...extra };
}

describe('the outcome model', () => {
  it('passes a run whose every required step passed or was attested done', () => {
    expect(runOutcome([s('a'), s('b', 'done')])).toEqual({ status: 'passed', notes: [] });
  });

  it('counts an expected failure and an open-ended step stopped by the operator as done', () => {
    const steps = [
      s('probe', 'passed', { flag: 'failed-as-expected' }),
      s('capture', 'passed', { flag: 'stopped-by-operator' }),
    ];
    expect(runOutcome(steps).status).toBe('passed');
  });

  it('passes with exceptions when a step is skipped with a reason or flagged', () => {
    const out = runOutcome([
      s('a'),
      s('install', 'skipped', { reason: 'already installed' }),
      s('probe', 'passed', { flag: 'unexpected-success' }),
    ]);
    expect(out.status).toBe('passed-with-exceptions');
    expect(out.notes).toEqual([
      { kind: 'skipped', steps: ['install'], detail: 'already installed' },
      { kind: 'flagged', steps: ['probe'], detail: 'unexpected-success' },
    ]);
  });

  it('fails on a required failure, timeout or "not done", and is incomplete with required steps left', () => {
    expect(runOutcome([s('a', 'failed'), s('b', 'pending')]).status).toBe('failed');
    expect(runOutcome([s('a', 'timed-out')]).status).toBe('failed');
    expect(runOutcome([s('q', 'not-done')]).status).toBe('failed');
    expect(runOutcome([s('a'), s('b', 'pending')])).toEqual({
      status: 'incomplete',
      notes: [{ kind: 'pending', steps: ['b'] }],
    });
    expect(runOutcome([s('a', 'stopped')]).status).toBe('incomplete');
    expect(runOutcome([s('a', 'interrupted')]).status).toBe('incomplete');
  });

  it('ignores an optional step left alone, and makes one tried and not done an exception', () => {
    const optional = { rules: { optional: true as const } };
    expect(runOutcome([s('a'), s('asa', 'pending', optional)]).status).toBe('passed');
    const tried = runOutcome([s('a'), s('asa', 'failed', optional)]);
    expect(tried).toEqual({
      status: 'passed-with-exceptions',
      notes: [{ kind: 'optional-not-done', steps: ['asa'] }],
    });
    expect(runOutcome([s('a'), s('asa', 'stopped', optional)]).status).toBe(
      'passed-with-exceptions',
    );
  });

  it('completes an alternative group with one option done, whatever the others are', () => {
    const alt = (option = '') => ({ rules: { alternative: { group: 'timeout', option } } });
    expect(
      runOutcome([s('global', 'pending', alt()), s('oracle-only', 'done', alt())]).status,
    ).toBe('passed');
    expect(runOutcome([s('monitor', 'failed', alt()), s('managed', 'passed', alt())]).status).toBe(
      'passed',
    );
    expect(runOutcome([s('global', 'pending', alt()), s('oracle-only', 'pending', alt())])).toEqual(
      {
        status: 'incomplete',
        notes: [
          {
            kind: 'pending',
            steps: ['global', 'oracle-only'],
            detail: 'one of the alternatives "timeout"',
          },
        ],
      },
    );
    expect(
      runOutcome([s('global', 'failed', alt()), s('oracle-only', 'pending', alt())]).status,
    ).toBe('failed');
  });

  it('needs every step of a multi-step option', () => {
    const opt = (option: string) => ({ rules: { alternative: { group: 'apply', option } } });
    const half = [
      s('ios-apply', 'done', opt('ios')),
      s('ios-verify', 'pending', opt('ios')),
      s('asa-apply', 'pending', opt('asa')),
    ];
    expect(runOutcome(half).status).toBe('incomplete');
    half[1] = s('ios-verify', 'done', opt('ios'));
    expect(runOutcome(half).status).toBe('passed');
  });

  it('keeps an optional alternative group out of the status until it is tried', () => {
    const rules = { optional: true as const, alternative: { group: 'fallback', option: '' } };
    expect(
      runOutcome([s('a'), s('x', 'pending', { rules }), s('y', 'pending', { rules })]).status,
    ).toBe('passed');
  });
});
