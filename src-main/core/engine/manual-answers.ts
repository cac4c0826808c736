/**
 * The operator's answers: an attestation of a checklist or config step (done or not, a note, the
 * device), and a skip of any step with a reason. Each is recorded as a new attempt of the step, so
 * a changed answer never erases the earlier one.
 */
import { stepErrors, type Step } from '../runbook/model.js';
import { classify } from '../run-outcome.js';
import type { AttestRequest, SkipRequest } from './engine-types.js';
import { EngineError } from './errors.js';
import { MANUAL_KINDS, now, type RunState } from './run-state.js';
import type { ExecutionContext } from './step-execution.js';

/** Characters that have no place in a device name: controls, format and separator characters. */
const NOT_IN_A_NAME = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
/** Characters refused in a skip reason (line breaks and tabs are fine in free text). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f]/;

function refuseNotApplicable(run: RunState, step: Step): void {
  const state = run.steps.get(step.name);
  if (state?.status === 'not-applicable') {
    throw new EngineError(
      'not-applicable',
      `Step "${step.name}" is not applicable here (${state.reason}).`,
    );
  }
}

/**
 * Refuses to answer a step written wrongly (its own error in the runbook): "applied" or "done"
 * would vouch for text Runlog did not read as the author meant. A skip with a reason still works.
 */
function refuseInvalid(run: RunState, step: Step): void {
  const errors = stepErrors(run.runbook, step.name);
  if (errors.length === 0) return;
  const list = errors.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
  throw new EngineError(
    'step-invalid',
    `Step "${step.name}" cannot be answered until its problems are fixed:\n${list.join('\n')}`,
    list,
  );
}

/** Refuses an answer the step cannot take: wrong kind, other platform, a device name missing or bad. */
export function checkAnswer(run: RunState, step: Step, req: AttestRequest): void {
  if (!MANUAL_KINDS.has(step.kind)) {
    throw new EngineError(
      'not-manual',
      `Step "${step.name}" is a ${step.kind} step; only checklist and config steps are attested.`,
    );
  }
  refuseNotApplicable(run, step);
  refuseInvalid(run, step);
  const device = req.device?.trim() ?? '';
  if (NOT_IN_A_NAME.test(device)) {
    throw new EngineError(
      'bad-answer',
      `Step "${step.name}": the device name holds a control or invisible character.`,
    );
  }
  if (req.done === true && step.rules?.deviceRequired && device === '') {
    throw new EngineError(
      'needs-device',
      `Step "${step.name}" asks for the device it was applied on: give the device name with the answer.`,
    );
  }
}

/** Records an attestation as the step's newest attempt; returns its execution id. */
export function recordAnswer(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  text: string,
  req: AttestRequest,
): number {
  const at = now();
  const device = req.device?.trim() || undefined;
  const attestation = { done: req.done === true, note: req.note, device, at };
  const executionId = ctx.recorder.attest(
    run.id,
    { name: step.name, kind: step.kind, text, runbookSha256: run.pinnedSha },
    attestation,
  );
  const detail = attestation.done ? 'done' : 'not done';
  ctx.recorder.event(run.id, { at, type: 'attested', stepName: step.name, detail });
  const attempt = (run.steps.get(step.name)?.attempts ?? 0) + 1;
  const status = attestation.done ? 'done' : 'not-done';
  run.steps.set(step.name, { status, attempts: attempt, text });
  ctx.emit('step:state', {
    runId: run.id,
    step: step.name,
    executionId,
    status,
    endedAt: at,
    attempt,
  });
  return executionId;
}

/** Records the operator's skip, with its reason, as the step's newest attempt. */
export function recordSkip(
  ctx: ExecutionContext,
  run: RunState,
  step: Step,
  text: string,
  req: SkipRequest,
): number {
  const reason = typeof req.reason === 'string' ? req.reason.trim() : '';
  if (reason === '' || NOT_IN_TEXT.test(reason)) {
    throw new EngineError(
      'bad-answer',
      `Step "${step.name}": a skip needs a reason in plain text (why the step is not done).`,
    );
  }
  if (step.kind === 'display')
    throw new EngineError('not-a-command', `Step "${step.name}" is shown, not done.`);
  refuseNotApplicable(run, step);
  if (run.running?.step === step.name)
    throw new EngineError('step-running', `Step "${step.name}" is running; stop it first.`);
  const state = run.steps.get(step.name) ?? { status: 'pending', attempts: 0 };
  if (classify(state) === 'complete')
    throw new EngineError('bad-answer', `Step "${step.name}" is already done (${state.status}).`);
  const at = now();
  const executionId = ctx.recorder.skip(
    run.id,
    { name: step.name, kind: step.kind, text, runbookSha256: run.pinnedSha },
    { reason, at },
  );
  ctx.recorder.event(run.id, { at, type: 'skipped', stepName: step.name, detail: reason });
  const attempt = state.attempts + 1;
  run.steps.set(step.name, { status: 'skipped', reason, attempts: attempt, text });
  ctx.emit('step:state', {
    runId: run.id,
    step: step.name,
    executionId,
    status: 'skipped',
    endedAt: at,
    attempt,
  });
  return executionId;
}
