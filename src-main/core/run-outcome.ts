/**
 * The outcome model: from each step's rules (optional, alternatives) and current result, the
 * status a run finishes with and the notes that explain it. One pure function used by the engine
 * (when a run is finished) and by the history (what finishing now would say), and light enough
 * for the renderer to import.
 *
 * - A step is complete when it passed (an expected failure included, and an open-ended step the
 *   operator stopped) or was attested done.
 * - Skipped with a reason, or flagged (it succeeded though the runbook expects it to fail): done,
 *   but an exception.
 * - Failed, timed out, attested not done: failed. Pending, stopped, interrupted: not done.
 * - Not applicable (another platform, outside the categories the run was started for, an
 *   ignored or display-only cell): not a step of this run, it counts for nothing.
 * - A background step still running is done: finishing the run stops it, which is its normal end.
 * - A step that cannot run as written (its own error in the runbook) and is not settled is "not
 *   runnable": a required one keeps the run incomplete until the runbook is fixed (or the step is
 *   skipped with a reason); an optional one makes the run pass with exceptions. Never "passed".
 * - Alternatives: a group is as good as its best option; an option is as bad as its worst step.
 * - Required steps decide failed / incomplete. An optional step never fails a run: untouched it
 *   changes nothing, tried and not done it is an exception.
 */
import type { StepRules } from './runbook/model.js';
import type { FinishedStatus, OutcomeNote, RunOutcome, StepFlag, StepStatus } from './run-model.js';

/** What the outcome needs to know about one step of the run's current runbook. */
export interface OutcomeStep {
  name: string;
  rules: StepRules;
  /** `not-applicable`: not a step of this run (it counts for nothing). */
  status: StepStatus;
  flag?: StepFlag;
  /** The operator's skip reason. */
  reason?: string;
  /** The step has at least one attempt. */
  attempted: boolean;
  /** Why it cannot run as written (its own error in the runbook), when it cannot. */
  blocked?: string;
}

type StepClass = 'failed' | 'blocked' | 'open' | 'exception' | 'complete';
/** Worst first: an option is as bad as its worst step. */
const RANK: Record<StepClass, number> = {
  failed: 0,
  blocked: 1,
  open: 2,
  exception: 3,
  complete: 4,
};
/**
 * Best first for a group: a done option, then one done with exceptions, then a failed one, then
 * one still to do, and last one that cannot run as written.
 */
const GROUP_RANK: Record<StepClass, number> = {
  complete: 4,
  exception: 3,
  failed: 2,
  open: 1,
  blocked: 0,
};

/** What {@link classify} reads of a step: its result, and optionally its rules and problem. */
export type ClassifiedStep = Pick<OutcomeStep, 'status' | 'flag'> &
  Partial<Pick<OutcomeStep, 'rules' | 'blocked'>>;

/** How one step's current result counts. */
export function classify(step: ClassifiedStep): StepClass {
  switch (step.status) {
    case 'passed':
      return step.flag === 'unexpected-success' ? 'exception' : 'complete';
    case 'done':
      return 'complete';
    case 'skipped':
      return 'exception';
    case 'failed':
    case 'timed-out':
    case 'not-done':
      return 'failed';
    case 'running':
      // Finishing the run stops a background step, and that stop is its normal end.
      if (step.rules?.background) return 'complete';
      return step.blocked ? 'blocked' : 'open';
    default:
      return step.blocked ? 'blocked' : 'open';
  }
}

/** True when a step needs nothing more (done, passed, skipped or flagged). */
export function isSettled(step: ClassifiedStep): boolean {
  const c = classify(step);
  return c === 'complete' || c === 'exception';
}

interface Unit {
  /** Options in document order, each its steps. */
  options: OutcomeStep[][];
  group?: string;
}

/** Single steps, and alternative groups gathered with their options, in document order. */
function unitsOf(steps: readonly OutcomeStep[]): Unit[] {
  const units: Unit[] = [];
  const groups = new Map<string, { unit: Unit; options: Map<string, OutcomeStep[]> }>();
  for (const step of steps) {
    const alternative = step.rules.alternative;
    if (!alternative) {
      units.push({ options: [[step]] });
      continue;
    }
    let entry = groups.get(alternative.group);
    if (!entry) {
      entry = { unit: { options: [], group: alternative.group }, options: new Map() };
      groups.set(alternative.group, entry);
      units.push(entry.unit);
    }
    const key = alternative.option || step.name;
    let option = entry.options.get(key);
    if (!option) {
      option = [];
      entry.options.set(key, option);
      entry.unit.options.push(option);
    }
    option.push(step);
  }
  return units;
}

function worst(option: OutcomeStep[]): StepClass {
  return option.map(classify).reduce((a, b) => (RANK[a] <= RANK[b] ? a : b));
}

/** Notes about the exceptions inside one option: skips and flags. */
function exceptionNotes(option: OutcomeStep[]): OutcomeNote[] {
  return option
    .filter((step) => classify(step) === 'exception')
    .map((step) =>
      step.status === 'skipped'
        ? { kind: 'skipped', steps: [step.name], detail: step.reason }
        : { kind: 'flagged', steps: [step.name], detail: step.flag },
    );
}

function describeUnit(unit: Unit): Pick<OutcomeNote, 'steps' | 'detail'> {
  const steps = unit.options.flat().map((s) => s.name);
  return unit.group ? { steps, detail: `one of the alternatives "${unit.group}"` } : { steps };
}

/** The steps of a unit that cannot run as written, with why (the first one's problem). */
function blockedNote(unit: Unit): OutcomeNote {
  const blocked = unit.options.flat().filter((s) => classify(s) === 'blocked');
  const why = blocked[0]?.blocked;
  const group = unit.group ? `one of the alternatives "${unit.group}": ` : '';
  return {
    kind: 'not-runnable',
    steps: blocked.map((s) => s.name),
    ...(why ? { detail: `${group}${why}` } : {}),
  };
}

/** The status finishing would record now, with a note for each thing that keeps it from passed. */
export function runOutcome(steps: readonly OutcomeStep[]): RunOutcome {
  const notes: OutcomeNote[] = [];
  let failed = false;
  let open = false;
  for (const unit of unitsOf(steps.filter((s) => s.status !== 'not-applicable'))) {
    const ranked = unit.options.map((option) => ({ option, cls: worst(option) }));
    const best = ranked.reduce((a, b) => (GROUP_RANK[a.cls] >= GROUP_RANK[b.cls] ? a : b));
    const optional = unit.options.flat().every((s) => s.rules.optional === true);
    const attempted = unit.options.flat().some((s) => s.attempted);
    if (best.cls === 'complete') continue;
    if (best.cls === 'exception') {
      notes.push(...exceptionNotes(best.option));
    } else if (best.cls === 'blocked') {
      // The runbook must be fixed: never silently passed, even for an optional step.
      open ||= !optional;
      notes.push(blockedNote(unit));
    } else if (optional) {
      if (best.cls === 'failed' || attempted)
        notes.push({ kind: 'optional-not-done', ...describeUnit(unit) });
    } else if (best.cls === 'failed') {
      failed = true;
      notes.push({ kind: 'failed', ...describeUnit(unit) });
    } else {
      open = true;
      notes.push({ kind: 'pending', ...describeUnit(unit) });
    }
  }
  const status: FinishedStatus = failed
    ? 'failed'
    : open
      ? 'incomplete'
      : notes.length > 0
        ? 'passed-with-exceptions'
        : 'passed';
  return { status, notes };
}
