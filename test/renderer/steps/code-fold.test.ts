/** When a step's text is folded by default: once it has run, when it is long, never in review. */
import { describe, expect, it } from 'vitest';
import {
  LONG_SCRIPT_LINES,
  lineCount,
  openByDefault,
} from '../../../src-renderer/steps/code-fold.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `echo ${i}`).join('\n') + '\n';

describe('openByDefault', () => {
  it('shows a short step that has not run', () => {
    expect(openByDefault({ text: lines(3), settled: false, review: false })).toBe(true);
    expect(openByDefault({ text: lines(LONG_SCRIPT_LINES), settled: false, review: false })).toBe(
      true,
    );
  });

  it('folds a step once it has run, and a long one from the start', () => {
    expect(openByDefault({ text: lines(3), settled: true, review: false })).toBe(false);
    expect(
      openByDefault({ text: lines(LONG_SCRIPT_LINES + 1), settled: false, review: false }),
    ).toBe(false);
  });

  it('never folds the steps of a runbook under review', () => {
    expect(openByDefault({ text: lines(45), settled: true, review: true })).toBe(true);
  });

  it('counts lines without the final line break', () => {
    expect(lineCount('one')).toBe(1);
    expect(lineCount('one\ntwo\n')).toBe(2);
  });
});
