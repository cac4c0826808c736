/**
 * Runme's categories in the notebook: the categories a runbook's steps belong to (offered before
 * a run starts) and the ones a recorded run was started for.
 */
import type { Runbook, Step } from '../../src-main/core/runbook/model.js';
import type { RunDetail } from '../../src-main/core/run-model.js';

/**
 * How the run's start event names the categories it was started for; the run record carries
 * them in no other field, so this reads the engine's own wording of that event.
 */
const STARTED_FOR = 'categories: ';

/** Every category some step of the runbook belongs to, in the order they first appear. */
export function runbookCategories(runbook: Runbook): string[] {
  const seen = new Set<string>();
  for (const step of runbook.steps) {
    if (step.ignored) continue;
    for (const c of step.categories ?? []) seen.add(c);
  }
  return [...seen];
}

/** The categories a recorded run was started for; empty for a run of every step. */
export function categoriesOfRun(run: Pick<RunDetail, 'events'>): string[] {
  const detail = run.events.find((e) => e.type === 'run-started')?.detail ?? '';
  if (!detail.startsWith(STARTED_FOR)) return [];
  return detail.slice(STARTED_FOR.length).split(',').filter(Boolean);
}

/** The step belongs to one of the categories (a run for them runs it). */
export function inCategories(step: Step, categories: readonly string[]): boolean {
  return (step.categories ?? []).some((c) => categories.includes(c));
}

/**
 * The choice after the operator ticks or unticks one category: empty means every category.
 * The last category ticked cannot be unticked (a run of no category would run nothing).
 */
export function toggleCategory(
  all: readonly string[],
  chosen: readonly string[],
  category: string,
  on: boolean,
): string[] {
  const current = chosen.length === 0 ? [...all] : chosen.filter((c) => all.includes(c));
  const next = on
    ? all.filter((c) => current.includes(c) || c === category)
    : current.filter((c) => c !== category);
  if (next.length === 0) return [...current];
  return next.length === all.length ? [] : next;
}
