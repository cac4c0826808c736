/**
 * Rebuilding an open run from the history, for the engine that takes it over. The run continues
 * with the runbook version it last pinned (its recorded source, not whatever the file holds now:
 * a change is noticed before the next step like in any run), the parameter values it recorded,
 * and the secret values the operator gives again.
 */
import { parseRunbook } from '../runbook/parser.js';
import { validateParam } from '../runbook/params.js';
import type { Runbook } from '../runbook/model.js';
import { REDACTED, type RunDetail, type RunRecorder } from '../run-model.js';
import type { ResumeRunRequest } from './engine-types.js';
import { EngineError, type EngineErrorCode } from './errors.js';
import { loadCarried, statesFromRecord } from './run-resume.js';
import { categoriesOfRun, type RunState } from './run-state.js';

const CLAIM_CODES = new Set(['unknown-run', 'run-not-open', 'run-held']);

/** Claims the run in the history; a refusal becomes the engine's error with the same code. */
function claim(recorder: RunRecorder, runId: string): RunDetail {
  try {
    return recorder.claimRun(runId);
  } catch (err) {
    const e = err as { code?: string; message?: string; holder?: unknown };
    if (e.code && CLAIM_CODES.has(e.code))
      throw new EngineError(e.code as EngineErrorCode, e.message ?? String(err), e.holder);
    throw err;
  }
}

/** The pinned version's runbook, parsed from its recorded source. */
function pinnedRunbook(detail: RunDetail, bundled: boolean): { runbook: Runbook; sha256: string } {
  const version = detail.versions[detail.versions.length - 1];
  const source =
    version?.source ?? (detail.versions.length <= 1 ? detail.runbookSource : undefined);
  if (!version || source === undefined) {
    throw new EngineError(
      'source-missing',
      `Run ${detail.id}: the source of its runbook version ${version?.sha256 ?? '?'} was not kept, so it cannot continue; start a new run.`,
    );
  }
  return { runbook: parseRunbook(source, detail.runbookPath, { bundled }), sha256: version.sha256 };
}

/**
 * Puts secret values into a run's parameters: each is checked against its parameter and added
 * to the values blanked out of the record. Returns the secrets still without a value.
 */
export function applySecrets(
  runbook: Runbook,
  params: Record<string, string>,
  secrets: string[],
  given: Record<string, string> | undefined,
): string[] {
  const missing: string[] = [];
  for (const spec of runbook.params.filter((p) => p.secret)) {
    const value = given?.[spec.name] || spec.default || '';
    if (value === '') {
      if (params[spec.name] !== REDACTED && params[spec.name]) continue; // already given here
      params[spec.name] = '';
      if (spec.required) missing.push(spec.name);
      continue;
    }
    const refused = validateParam(spec, value);
    if (refused)
      throw new EngineError('bad-params', refused, [{ name: spec.name, message: refused }]);
    params[spec.name] = value;
    if (!secrets.includes(value)) secrets.push(value);
  }
  const unknown = Object.keys(given ?? {}).filter(
    (name) => !runbook.params.some((p) => p.name === name && p.secret),
  );
  if (unknown.length > 0) {
    throw new EngineError(
      'bad-params',
      `${unknown.join(', ')}: only secret parameters are given again when a run is resumed; the others keep their recorded values.`,
    );
  }
  return missing;
}

/** Claims `req.runId` and builds its state for this engine. */
export function resumeState(
  recorder: RunRecorder,
  req: ResumeRunRequest,
  where: { stateDir: string; platform: string },
): RunState {
  const detail = claim(recorder, req.runId);
  const { runbook, sha256 } = pinnedRunbook(detail, req.bundled === true);
  const params = { ...detail.params };
  const secrets: string[] = [];
  const missingSecrets = applySecrets(runbook, params, secrets, req.params);
  const steps = statesFromRecord(detail, runbook, where.platform);
  const attempts = detail.steps.reduce((n, s) => n + s.attempts.length, 0);
  return {
    id: detail.id,
    folder: detail.folder,
    stateDir: where.stateDir,
    runbook,
    pinnedSha: sha256,
    trust: detail.versions[detail.versions.length - 1]?.trust,
    params,
    secrets,
    missingSecrets,
    open: true,
    changed: undefined,
    steps,
    carried: loadCarried(where.stateDir),
    sequence: attempts,
    background: new Map(),
    stopRequested: false,
    ...(categoriesOfRun(detail.events) ? { categories: categoriesOfRun(detail.events) } : {}),
  };
}
