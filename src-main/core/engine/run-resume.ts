/**
 * What an open run needs to continue in another process: its steps' current results (from the
 * history), and the variables its shell steps exported (kept in the run's private state folder,
 * mode 0600, until the run is finished). A variable whose value holds a secret parameter's value
 * is never written there: a resumed run gets the secret again from the operator, not from disk.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runbook } from '../runbook/model.js';
import type { RunDetail } from '../run-model.js';
import { CARRIED_FILE } from './engine-state.js';
import {
  categoriesOfRun,
  notApplicableReason,
  type RunState,
  type StepState,
} from './run-state.js';
import type { CarriedState } from './shell-state.js';
import { PRIVATE_DIR_MODE } from './step-process.js';

/** Owner-only, like every file of the state folder. */
const PRIVATE_FILE_MODE = 0o600;

/** Saves the carried variables for a later resume, leaving out any that holds a secret value. */
export function saveCarried(run: RunState): void {
  const secrets = run.secrets.filter((s) => s !== '');
  const set = Object.fromEntries(
    Object.entries(run.carried.set).filter(([, v]) => !secrets.some((s) => v.includes(s))),
  );
  try {
    mkdirSync(run.stateDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const file = join(run.stateDir, CARRIED_FILE);
    writeFileSync(file, JSON.stringify({ ...run.carried, set }), { mode: PRIVATE_FILE_MODE });
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch {
    // Losing it only means a resumed run starts without the exported variables.
  }
}

/** The carried variables a run left, or none. */
export function loadCarried(stateDir: string): CarriedState {
  try {
    const parsed = JSON.parse(readFileSync(join(stateDir, CARRIED_FILE), 'utf8')) as CarriedState;
    if (parsed && typeof parsed.set === 'object' && Array.isArray(parsed.unset)) return parsed;
  } catch {
    // none saved, or unreadable
  }
  return { set: {}, unset: [] };
}

/** Each step's current result in a recorded run, for the steps of `runbook` (its pinned version). */
export function statesFromRecord(
  detail: RunDetail,
  runbook: Runbook,
  platform: string,
): Map<string, StepState> {
  const recorded = new Map(detail.steps.map((s) => [s.stepName, s]));
  const states = new Map<string, StepState>();
  const categories = categoriesOfRun(detail.events);
  for (const step of runbook.steps) {
    const reason = notApplicableReason(step, platform, categories);
    const got = recorded.get(step.name);
    if (reason) {
      states.set(step.name, {
        status: 'not-applicable',
        reason,
        attempts: got?.attempts.length ?? 0,
      });
      continue;
    }
    const last = got?.attempts[got.attempts.length - 1];
    if (!got || !last || got.status === 'pending') {
      // No attempt yet, or its text changed since the last one: it must be done again.
      states.set(step.name, { status: 'pending', attempts: got?.attempts.length ?? 0 });
      continue;
    }
    // A step still marked running belonged to a process that died: its attempt was interrupted.
    states.set(step.name, {
      status: last.status === 'running' ? 'interrupted' : last.status,
      ...(last.flag ? { flag: last.flag } : {}),
      ...(last.reason !== undefined ? { reason: last.reason } : {}),
      attempts: got.attempts.length,
      text: last.text,
    });
  }
  return states;
}
