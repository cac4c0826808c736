/**
 * How every step and run status looks and counts, in one table: the words on its badge, its
 * colour (a tone shared by badges, cell edges and the outline), and whether it is done or still
 * to do. A new status is one line here; a status this table does not know yet still shows, with
 * its own name and a neutral tone.
 */
import type { RunStatus, StepStatus } from '../../src-main/core/run-model.js';

/** The colour family of a status; `shared.styles.ts` maps each to a design token. */
export type Tone = 'ok' | 'fail' | 'running' | 'warn' | 'muted' | 'off';

export interface StatusInfo {
  /** Words on the badge. */
  label: string;
  tone: Tone;
  /** Counts as completed for the progress figure. */
  done?: boolean;
  /** Still to be done: "next pending" stops here. */
  todo?: boolean;
  /** A run can end in (or be in) this status: the history filter offers it. */
  run?: boolean;
}

const STATUSES: Record<StepStatus | RunStatus, StatusInfo> = {
  open: { label: 'open', tone: 'running', run: true },
  pending: { label: 'pending', tone: 'muted', todo: true },
  running: { label: 'running', tone: 'running' },
  passed: { label: 'passed', tone: 'ok', done: true, run: true },
  'passed-with-exceptions': {
    label: 'passed with exceptions',
    tone: 'ok',
    done: true,
    run: true,
  },
  failed: { label: 'failed', tone: 'fail', run: true },
  incomplete: { label: 'incomplete', tone: 'warn', run: true },
  interrupted: { label: 'interrupted', tone: 'warn', run: true },
  stopped: { label: 'stopped', tone: 'warn' },
  'timed-out': { label: 'timed out', tone: 'fail' },
  'not-applicable': { label: 'not applicable here', tone: 'off' },
  skipped: { label: 'skipped', tone: 'off', done: true },
  done: { label: 'done', tone: 'ok', done: true },
  'not-done': { label: 'not done', tone: 'fail' },
};

/** What a status looks like; unknown ones keep their own name. */
export function statusInfo(status: string): StatusInfo {
  return Object.hasOwn(STATUSES, status)
    ? STATUSES[status as keyof typeof STATUSES]
    : { label: status.replace(/-/g, ' '), tone: 'muted' };
}

/** Run statuses offered by the history filter, in the table's order. */
export const RUN_STATUSES: readonly string[] = Object.entries(STATUSES)
  .filter(([, info]) => info.run)
  .map(([status]) => status);
