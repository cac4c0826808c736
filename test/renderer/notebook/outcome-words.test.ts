/** The outcome notes in words, as the Finish dialog, the run bar and a finished run list them. */
import { describe, expect, it } from 'vitest';
import {
  finishMessage,
  noteWords,
  outcomeLines,
} from '../../../src-renderer/notebook/outcome-words.js';

describe('outcome words', () => {
  it('says each note: pending, failed, skipped with its reason, flagged, optional not done', () => {
    expect(noteWords({ kind: 'skipped', steps: ['capture'], detail: 'no card' })).toBe(
      'Skipped: capture — no card',
    );
    expect(noteWords({ kind: 'flagged', steps: ['probe'], detail: 'unexpected-success' })).toBe(
      'Flagged: probe — unexpected success',
    );
    expect(
      noteWords({ kind: 'pending', steps: ['a', 'b'], detail: 'one of the alternatives "fw"' }),
    ).toBe('Pending: a or b — one of the alternatives "fw"');
    expect(noteWords({ kind: 'optional-not-done', steps: ['x'] })).toBe('Optional, not done: x');
    expect(outcomeLines(undefined)).toEqual([]);
  });

  it('tells what finishing records, and that nothing changes afterwards', () => {
    const message = finishMessage({ status: 'passed-with-exceptions', notes: [] });
    expect(message).toContain('"passed with exceptions"');
    expect(message).toContain('nothing in it can run');
    expect(message).toContain('Every required step is done.');
    expect(
      finishMessage({ status: 'failed', notes: [{ kind: 'failed', steps: ['a'] }] }),
    ).toContain('What is pending, skipped or failed:');
  });
});
