/**
 * Stopping executions: the foreground step (the operator's Stop, a shutdown) and background
 * steps (each on its own, or all of them when the run finishes or is left). A stop is recorded
 * as an event first, then the step's process group is stopped and its end recorded.
 */
import type { RunRecorder } from '../run-model.js';
import { now, type Running, type RunState } from './run-state.js';

/** How the operator's Stop of one step is recorded. */
export const STOPPED_BY_OPERATOR = { byOperator: true, type: 'step-stopped' } as const;

/** Stops one execution and waits until its end is recorded. */
export async function stopExecution(
  recorder: RunRecorder,
  run: RunState,
  running: Running & { settled?: Promise<unknown> },
  how: { byOperator: boolean; type: 'step-stopped' | 'background-stopped' },
): Promise<void> {
  if (how.byOperator) running.stoppedByOperator = true;
  recorder.event(run.id, { at: now(), type: how.type, stepName: running.step });
  await running.session.stop('stopped');
  await running.settled?.catch(() => undefined);
  recorder.flush();
}

/**
 * Stops every background step of the run. `atFinish`: the run is being finished, which is how a
 * background step ends normally; otherwise (the run is left open, the process exits) they are
 * plainly stopped.
 */
export async function stopBackgroundSteps(
  recorder: RunRecorder,
  run: RunState,
  atFinish: boolean,
): Promise<void> {
  const steps = [...run.background.values()];
  await Promise.all(
    steps.map((b) =>
      stopExecution(recorder, run, b, { byOperator: atFinish, type: 'background-stopped' }),
    ),
  );
}
