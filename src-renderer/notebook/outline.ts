/**
 * The runbook's outline: its headings and its steps in document order, each step with its status,
 * and which step comes next among those still to do. Pure data, built from the runbook model and
 * the run's step views, so the outline list and "next pending" agree and are tested without a DOM.
 */
import { appliesTo, type Runbook, type Step } from '../../src-main/core/runbook/model.js';
import { outlineOf } from '../../src-main/core/runbook/outline.js';
import { statusInfo } from '../shared/status.js';
import type { StepView } from '../steps/step-view.js';
import { inCategories } from './run-categories.js';

/** Headings deeper than this are too fine for the outline. */
export const OUTLINE_MAX_DEPTH = 3;

/** Step kinds the outline lists: the ones a run counts. */
const LISTED_KINDS: ReadonlySet<Step['kind']> = new Set(['command', 'checklist', 'config']);

/** Longest label of a checklist question in the outline. */
const QUESTION_LABEL_LIMIT = 60;

export interface OutlineHeading {
  kind: 'heading';
  /** Index among the prose's headings (h1–h3, outside lists) in document order, as rendered. */
  index: number;
  depth: number;
  text: string;
}

export interface OutlineStep {
  kind: 'step';
  name: string;
  /** The step's name, or a checklist's question. */
  label: string;
  status: string;
}

export type OutlineEntry = OutlineHeading | OutlineStep;

/** The headings of a piece of Markdown the outline lists, as the parser finds them. */
export function headingsOf(markdown: string): Array<{ depth: number; text: string }> {
  return outlineOf(markdown)
    .headings.filter((h) => h.depth <= OUTLINE_MAX_DEPTH)
    .map(({ depth, text }) => ({ depth, text }));
}

/** The status the outline shows for a step: recorded, or judged from its platforms. */
export function stepStatus(step: Step, view: StepView | undefined, platform: string): string {
  return view?.status ?? (appliesTo(step, platform) ? 'pending' : 'not-applicable');
}

function stepLabel(step: Step): string {
  if (step.kind !== 'checklist') return step.name;
  const text = step.text.trim();
  return text.length > QUESTION_LABEL_LIMIT ? `${text.slice(0, QUESTION_LABEL_LIMIT)}…` : text;
}

/** A runbook's outline before any status: its Markdown is read once per runbook, not per render. */
export type OutlineShape = Array<OutlineHeading | { kind: 'step'; step: Step }>;

/**
 * The headings and listed steps of a runbook, in document order. The first heading is left out
 * when it opens the document at level one: the notebook shows it as the title, not in the prose.
 */
export function outlineShape(runbook: Runbook): OutlineShape {
  const steps = new Map(runbook.steps.map((s) => [s.name, s]));
  const shape: OutlineShape = [];
  let index = 0;
  runbook.segments.forEach((segment, position) => {
    if (segment.kind === 'prose') {
      const opensWithTitle = position === 0 && /^\s*#\s/.test(segment.markdown);
      for (const heading of headingsOf(segment.markdown)) {
        const hidden = opensWithTitle && index === 0 && heading.depth === 1;
        if (!hidden) shape.push({ kind: 'heading', index, ...heading });
        index += 1;
      }
      return;
    }
    const step = steps.get(segment.name);
    if (step && LISTED_KINDS.has(step.kind) && !step.ignored) shape.push({ kind: 'step', step });
  });
  return shape;
}

/** The outline with each step's status: recorded, or judged from its platforms. */
export function withStatus(
  shape: OutlineShape,
  views: Record<string, StepView>,
  platform: string,
): OutlineEntry[] {
  return shape.map((entry) => {
    if (entry.kind === 'heading') return entry;
    const { step } = entry;
    const status = stepStatus(step, views[step.name], platform);
    return { kind: 'step', name: step.name, label: stepLabel(step), status };
  });
}

/** The outline of a runbook as the notebook shows it, statuses included. */
export function buildOutline(
  runbook: Runbook,
  views: Record<string, StepView>,
  platform: string,
): OutlineEntry[] {
  return withStatus(outlineShape(runbook), views, platform);
}

/**
 * The next step still to do after `after` (a step name), wrapping round to the first; with no
 * `after`, the first. Undefined when every step is done or cannot be done here.
 */
export function nextPending(entries: OutlineEntry[], after?: string): string | undefined {
  const todo = entries.filter(
    (e): e is OutlineStep => e.kind === 'step' && !!statusInfo(e.status).todo,
  );
  if (todo.length === 0) return undefined;
  const steps = entries.filter((e): e is OutlineStep => e.kind === 'step');
  const from = after ? steps.findIndex((s) => s.name === after) : -1;
  const later = todo.find((t) => steps.indexOf(t) > from);
  return (later ?? todo[0])!.name;
}

/** Kinds of step counted for progress. */
const COUNTED_KINDS = new Set(['command', 'checklist', 'config']);

/** Steps done and applicable, for the progress bar. */
export function progressOf(
  steps: readonly Step[],
  views: Record<string, StepView>,
  platform: string,
  categories: readonly string[] = [],
): { done: number; applicable: number } {
  let done = 0;
  let applicable = 0;
  for (const step of steps) {
    if (!COUNTED_KINDS.has(step.kind) || step.ignored) continue;
    const view = views[step.name];
    // Before a run, a step outside the chosen categories will not apply; once it runs, its view says.
    const chosen = categories.length === 0 || inCategories(step, categories);
    const counts = view ? view.status !== 'not-applicable' : chosen && appliesTo(step, platform);
    if (!counts) continue;
    applicable += 1;
    if (view && statusInfo(view.status).done) done += 1;
  }
  return { done, applicable };
}
