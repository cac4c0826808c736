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

  it('leaves out steps that are not applicable (another platform, another category, an ignored cell)', () => {
    const out = runOutcome([
      s('build'),
      s('cleanup', 'not-applicable', { reason: 'category: not in build' }),
      s('never', 'not-applicable', { reason: 'ignored (ignore=true)' }),
      s('mac-only', 'not-applicable', { rules: { alternative: { group: 'os', option: '' } } }),
    ]);
    expect(out).toEqual({ status: 'passed', notes: [] });
  });

  it('counts a background step still running as done (finishing stops it) but not one that failed', () => {
    const background = { rules: { background: true as const, openEnded: true as const } };
    expect(runOutcome([s('a'), s('ticker', 'running', background)]).status).toBe('passed');
    expect(
      runOutcome([s('a'), s('ticker', 'passed', { ...background, flag: 'stopped-by-operator' })])
        .status,
    ).toBe('passed');
    expect(runOutcome([s('a'), s('ticker', 'failed', background)]).status).toBe('failed');
    // Left open or cut off by a dead process: stopped or interrupted, to be run again.
    expect(runOutcome([s('ticker', 'stopped', background)]).status).toBe('incomplete');
    expect(runOutcome([s('ticker', 'interrupted', background)]).status).toBe('incomplete');
    const optional = { rules: { ...background.rules, optional: true as const } };
    expect(runOutcome([s('a'), s('ticker', 'failed', optional)]).status).toBe(
      'passed-with-exceptions',
    );
    // A foreground step still running is not done.
    expect(runOutcome([s('a', 'running')]).status).toBe('incomplete');
  });

  it('never passes a step that cannot run as written: incomplete when required, an exception when optional', () => {
    const blocked = { blocked: 'cannot run: line 9: attribute sudo: "maybe" is not true or false' };
    expect(runOutcome([s('a'), s('gated', 'pending', blocked)])).toEqual({
      status: 'incomplete',
      notes: [{ kind: 'not-runnable', steps: ['gated'], detail: blocked.blocked }],
    });
    const optional = { ...blocked, rules: { optional: true as const } };
    expect(runOutcome([s('a'), s('gated', 'pending', optional)])).toEqual({
      status: 'passed-with-exceptions',
      notes: [{ kind: 'not-runnable', steps: ['gated'], detail: blocked.blocked }],
    });
    // Skipped with a reason by the operator: an exception like any skip.
    const skipped = runOutcome([s('a'), s('gated', 'skipped', { ...blocked, reason: 'typo' })]);
    expect(skipped).toEqual({
      status: 'passed-with-exceptions',
      notes: [{ kind: 'skipped', steps: ['gated'], detail: 'typo' }],
    });
    // A failure still fails the run, whatever else is wrong.
    expect(runOutcome([s('x', 'failed'), s('gated', 'pending', blocked)]).status).toBe('failed');
  });

  it('takes another option of an alternative group when one cannot run as written', () => {
    const alt = { rules: { alternative: { group: 'apply', option: '' } } };
    const blocked = { ...alt, blocked: 'cannot run: line 3: bad platform' };
    expect(runOutcome([s('ios', 'pending', blocked), s('asa', 'done', alt)]).status).toBe('passed');
    expect(runOutcome([s('ios', 'pending', blocked), s('asa', 'pending', alt)]).notes).toEqual([
      { kind: 'pending', steps: ['ios', 'asa'], detail: 'one of the alternatives "apply"' },
    ]);
    expect(runOutcome([s('ios', 'pending', blocked), s('asa', 'pending', blocked)])).toEqual({
      status: 'incomplete',
      notes: [
        {
          kind: 'not-runnable',
          steps: ['ios', 'asa'],
          detail: 'one of the alternatives "apply": cannot run: line 3: bad platform',
        },
      ],
    });
  });
});
