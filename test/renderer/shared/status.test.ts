/** The status table: every status the record model has is worded and coloured. */
import { describe, expect, it } from 'vitest';
import { RUN_STATUSES, statusInfo } from '../../../src-renderer/shared/status.js';
import {
  RUN_STATUSES as MODEL_RUN_STATUSES,
  TERMINAL_STEP_STATUSES,
} from '../../../src-main/core/run-model.js';

describe('statusInfo', () => {
  it('words and colours every step status the record model ends a step in', () => {
    for (const status of [
      ...TERMINAL_STEP_STATUSES,
      ...MODEL_RUN_STATUSES,
      'pending',
      'running',
      'not-applicable',
    ]) {
      // Not the fallback for unknown statuses: the table has a line for it.
      expect(statusInfo(status), status).not.toEqual({
        label: status.replace(/-/g, ' '),
        tone: 'muted',
      });
    }
    expect(statusInfo('timed-out').label).toBe('timed out');
    expect(statusInfo('passed')).toMatchObject({ tone: 'ok', done: true });
    expect(statusInfo('pending').todo).toBe(true);
  });

  it('shows a status it does not know yet with its own name, neutral', () => {
    expect(statusInfo('waiting-for-review')).toEqual({
      label: 'waiting for review',
      tone: 'muted',
    });
    expect(statusInfo('toString').label).toBe('toString');
  });

  it('offers the run statuses to the history filter', () => {
    // Every status a run can be in, in the record model's order (passed with exceptions included).
    expect(RUN_STATUSES).toEqual([...MODEL_RUN_STATUSES]);
    expect(RUN_STATUSES).toContain('passed-with-exceptions');
  });
});
