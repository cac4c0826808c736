/**
 * How a step counts toward the run's result, marked on its cell: optional, one of a group of
 * alternatives ("do one of these", and which one did it), expected to fail, open-ended (Stop is
 * its normal end), needs the device's name. The words come from the runbook's own rules.
 */
import { html, nothing } from 'lit';
import type { Step } from '../../src-main/core/runbook/model.js';
import type { StepView } from './step-view.js';

/** Statuses that settle a group of alternatives: the thing was done, not skipped. */
const SATISFYING = new Set(['passed', 'done']);

/** One mark: its words, what it means, and whether it reads as good news. */
export interface StepMark {
  id: string;
  label: string;
  title: string;
  ok?: boolean;
}

/** For each group of alternatives, the step that settled it; absent while none has. */
export function alternativesDone(
  steps: readonly Step[],
  views: Record<string, StepView>,
): Map<string, string> {
  const done = new Map<string, string>();
  for (const s of steps) {
    const group = s.rules?.alternative?.group;
    if (group && !done.has(group) && SATISFYING.has(views[s.name]?.status ?? ''))
      done.set(group, s.name);
  }
  return done;
}

/** The marks of a step; `settledBy` is the alternative of its group that was done, if any. */
export function stepMarks(step: Step, settledBy = ''): StepMark[] {
  const r = step.rules ?? {};
  const marks: StepMark[] = [];
  if (r.optional)
    marks.push({ id: 'optional', label: 'optional', title: 'The run is complete without it' });
  if (r.alternative) {
    const group = r.alternative.group;
    marks.push(
      settledBy
        ? {
            id: 'alternative',
            label:
              settledBy === step.name
                ? `${group}: done this way`
                : `${group}: done by ${settledBy}`,
            title: `One of the alternatives "${group}": the group is done once one of them is`,
            ok: true,
          }
        : {
            id: 'alternative',
            label: `one of ${group}`,
            title: `Do one of the alternatives "${group}": the group is done once one of them is`,
          },
    );
  }
  if (r.expectFailure)
    marks.push({
      id: 'expect-fail',
      label: 'expected to fail',
      title: 'It shows the problem: failing is its expected result; success is flagged',
    });
  if (r.openEnded)
    marks.push({
      id: 'open-ended',
      label: 'open-ended',
      title: 'It runs until stopped: Stop ends it normally',
    });
  if (r.deviceRequired)
    marks.push({
      id: 'device-required',
      label: 'device required',
      title: 'Attesting it applied needs the name of the device',
    });
  return marks;
}

/** The marks as badges, for a cell's header. */
export function markBadges(step: Step, settledBy = '') {
  const marks = stepMarks(step, settledBy);
  if (marks.length === 0) return nothing;
  return marks.map(
    (m) =>
      html`<span
        class="badge ${m.ok ? 'tone-ok' : 'plain'}"
        data-role="mark"
        data-mark=${m.id}
        title=${m.title}
        >${m.label}</span
      >`,
  );
}
