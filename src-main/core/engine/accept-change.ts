/**
 * Accepting a changed runbook during a run. The operator reviewed one exact content (named by its
 * SHA-256, which the caller has checked is trusted); the file is read again here and accepted only
 * if it still has that hash. The new version's source and hash are recorded, its plan replaces the
 * old one, and a step whose text changed is pending again: its earlier attempts ran other text.
 */
import { readFileSync } from 'node:fs';
import { parseRunbook } from '../runbook/parser.js';
import { hasErrors, type Runbook } from '../runbook/model.js';
import type { PlannedStep } from '../run-model.js';
import type { AcceptChangeRequest } from './engine-types.js';
import { EngineError } from './errors.js';
import { now, sha256, type RunState, type StepState } from './run-state.js';
import type { ExecutionContext } from './step-execution.js';

/** A version read from disk and checked, ready to be pinned. */
export interface AcceptedVersion {
  runbook: Runbook;
  sha256: string;
  source: string;
  trust: AcceptChangeRequest['trust'];
}

/** Reads the run's runbook file and checks it is exactly the reviewed version, and valid. */
export function readAcceptedVersion(run: RunState, req: AcceptChangeRequest): AcceptedVersion {
  const file = run.runbook.file;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new EngineError(
      'runbook-missing',
      `${file}: the runbook file is gone; restore it to continue this run.`,
    );
  }
  const actual = sha256(bytes);
  if (actual !== req.sha256) {
    throw new EngineError(
      'runbook-changed',
      `${file} now has SHA-256 ${actual}, not the ${req.sha256} that was reviewed: it changed again. Review it again before accepting it.`,
    );
  }
  const runbook = parseRunbook(bytes, file, { bundled: run.runbook.bundled });
  if (hasErrors(runbook)) {
    const first = runbook.problems.find((p) => p.severity === 'error')!;
    throw new EngineError(
      'runbook-invalid',
      `${first.file}:${first.line}:${first.column}: ${first.message}`,
    );
  }
  if (runbook.id !== run.runbook.id) {
    throw new EngineError(
      'runbook-invalid',
      `${file} is now runbook "${runbook.id}", not "${run.runbook.id}": start a new run for it.`,
    );
  }
  return { runbook, sha256: actual, source: bytes.toString('utf8'), trust: req.trust };
}

/** The step's state under the new plan: kept if its text is unchanged, else pending again. */
function nextState(previous: StepState | undefined, planned: PlannedStep): StepState {
  const attempts = previous?.attempts ?? 0;
  if (planned.status === 'not-applicable')
    return { status: 'not-applicable', reason: planned.reason, attempts };
  if (
    previous &&
    attempts > 0 &&
    previous.status !== 'not-applicable' &&
    previous.text === planned.text
  )
    return previous;
  return { status: 'pending', attempts };
}

/** Records and pins an accepted version. */
export function acceptVersion(
  ctx: ExecutionContext,
  run: RunState,
  version: AcceptedVersion,
  plan: PlannedStep[],
): void {
  const at = now();
  ctx.recorder.versionAccepted(
    run.id,
    { sha256: version.sha256, source: version.source, acceptedAt: at, trust: version.trust },
    plan,
  );
  run.steps = new Map(plan.map((p) => [p.name, nextState(run.steps.get(p.name), p)]));
  run.runbook = version.runbook;
  run.pinnedSha = version.sha256;
  run.trust = version.trust;
  run.changed = undefined;
  ctx.recorder.event(run.id, { at, type: 'runbook-accepted', detail: version.sha256 });
}
