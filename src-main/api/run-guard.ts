/**
 * Why a run cannot be changed through this door, in words an operator can act on: a finished run
 * is read-only; an open run held by another live process belongs to it (named); an open or
 * interrupted run nobody holds must be resumed first.
 */
import type { HistoryStore } from '../core/history/index.js';
import { describeHolder } from '../core/history/run-claims.js';
import { ApiError } from './contract.js';

/**
 * Turns the engine's "no such run" into the reason, from the history; any other error, or a run
 * the history does not know either, passes through unchanged.
 */
export function explainRunRefusal(store: HistoryStore, runId: string, err: unknown): unknown {
  if ((err as { code?: string })?.code !== 'unknown-run') return err;
  const state = store.holder(runId);
  if (!state) return new ApiError('not-found', `No run "${runId}" in the history.`);
  if (state.status !== 'open' && state.status !== 'interrupted') {
    return new ApiError(
      'run-not-open',
      `Run ${runId} is finished (${state.status}); a finished run is read-only.`,
    );
  }
  if (state.status === 'open' && state.alive && state.holder) {
    return new ApiError(
      'run-held',
      `Run ${runId} is open in ${describeHolder(state.holder)}; continue it there.`,
      state.holder,
    );
  }
  return new ApiError(
    'run-not-held',
    `Run ${runId} is ${state.status === 'open' ? 'open' : 'interrupted'} but not held here: resume it first (run:resume, or "runlog resume ${runId}").`,
  );
}
