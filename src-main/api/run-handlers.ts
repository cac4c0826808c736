/**
 * The `run:*` commands: a run started, walked, answered, changed, resumed, left open and finished.
 * Every command that would change a run goes to the engine that holds it; when this door's engine
 * does not, the refusal says why (finished and read-only, held by another live process, or to be
 * resumed first).
 */
import { hasErrors, type Runbook } from '../core/runbook/model.js';
import { ApiError } from './contract.js';
import type { HandlerContext, Handlers } from './handler-types.js';
import { explainRunRefusal } from './run-guard.js';

type RunCommand =
  | 'run:start'
  | 'run:step'
  | 'run:all'
  | 'run:stop'
  | 'run:attest'
  | 'run:skip'
  | 'run:finish'
  | 'run:accept-change'
  | 'run:resume'
  | 'run:leave-open';

function refuseInvalid(rb: Runbook): void {
  if (!hasErrors(rb)) return;
  // A step's own error blocks that step only (the engine refuses it); name a file-level one.
  const first = rb.problems.find((p) => p.severity === 'error' && p.step === undefined);
  throw new ApiError(
    'runbook-invalid',
    `${rb.file}:${first?.line}:${first?.column}: ${first?.message}`,
  );
}

type OnRun = <T>(runId: string, work: () => T | Promise<T>) => Promise<T>;

/**
 * Accepts the run's runbook file in the version the operator reviewed (its SHA-256), only when
 * that version is trusted by the same rules as any runbook: bundled, trusted by the operator, or
 * trusted by the team in the ledger.
 */
async function acceptChange(ctx: HandlerContext, runId: string, sha256: string, onRun: OnRun) {
  const { store, library, engine } = ctx;
  const run = store.getRun(runId);
  if (!run) throw new ApiError('not-found', `No run "${runId}" in the history.`);
  const rb = (await library.reload(run.runbookPath)) ?? library.get(run.runbookPath);
  if (!rb) {
    throw new ApiError(
      'runbook-missing',
      `${run.runbookPath}: the runbook file is gone; restore it to continue this run.`,
    );
  }
  const trust = await ctx.trustOf({ bundled: rb.bundled, file: rb.file, sha256 });
  if (!trust) {
    throw new ApiError(
      'untrusted',
      `${rb.file} in the version with SHA-256 ${sha256} is not trusted: review it and trust it (the app's Trust button, or "runlog trust ${rb.file}") before accepting it.`,
    );
  }
  await onRun(runId, () => engine.acceptRunbookChange({ runId, sha256, trust }));
  return { ok: true as const, sha256 };
}

/** Takes over an open or interrupted run for this door's engine (secret values given again). */
async function resume(ctx: HandlerContext, runId: string, params?: Record<string, string>) {
  const run = ctx.store.getRun(runId);
  if (!run) throw new ApiError('not-found', `No run "${runId}" in the history.`);
  const bundled = ctx.library.get(run.runbookPath)?.bundled === true;
  return ctx.engine.resumeRun({ runId, params, bundled });
}

/** The handlers of the run commands. */
export function runHandlers(ctx: HandlerContext): Handlers<RunCommand> {
  const { engine, store } = ctx;
  /** Calls the engine for a run, turning "not held here" into the reason. */
  const onRun: OnRun = async <T>(runId: string, work: () => T | Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw explainRunRefusal(store, runId, err);
    }
  };
  return {
    'run:start': async ({ runbookId, params, categories }) => {
      const rb = ctx.runbook(runbookId);
      refuseInvalid(rb);
      const trust = await ctx.trustOf(rb);
      if (!trust) {
        throw new ApiError(
          'untrusted',
          `${rb.file} is not trusted yet: review it and trust it before running it.`,
        );
      }
      const started = await engine.startRun({ runbook: rb, params, trust, categories });
      return { runId: started.runId };
    },
    'run:step': (req) => onRun(req.runId, () => engine.runStep(req)),
    'run:all': (req) => onRun(req.runId, () => engine.runAll(req)),
    'run:stop': ({ runId, step }) =>
      onRun(runId, async () => {
        await engine.stop(runId, step);
        return { stopping: true as const };
      }),
    'run:attest': (req) =>
      onRun(req.runId, async () => {
        await engine.attest(req);
        return { ok: true as const };
      }),
    'run:skip': (req) =>
      onRun(req.runId, async () => {
        await engine.skip(req);
        return { ok: true as const };
      }),
    'run:finish': async ({ runId }) => {
      const status = await onRun(runId, async () => engine.finishRun(runId));
      // Every door finishes a run here (the app, the host, "runlog run", "runlog finish", a
      // resumed run): each finished run goes to the team ledger when one is set.
      await ctx.publishFinished(runId);
      return { status };
    },
    'run:accept-change': ({ runId, sha256 }) => acceptChange(ctx, runId, sha256, onRun),
    'run:resume': ({ runId, params }) => resume(ctx, runId, params),
    'run:leave-open': ({ runId }) =>
      onRun(runId, async () => {
        await engine.releaseRun(runId);
        return { ok: true as const };
      }),
  };
}
