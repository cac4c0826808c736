/**
 * The engine's private working files: per run, the step scripts and the state a shell step hands
 * to the next (exported variables, directory). They live under `<dataDir>/engine-state/<run>/`
 * (owner-only) while the run is open. The env dump may hold values derived from secret
 * parameters, so whatever a dead engine left behind is removed as soon as its runs are recovered
 * — and any folder of a run that is no longer open, whenever the history is opened. Only the
 * exported variables of an interrupted run stay (without any value holding a secret), so that
 * resuming it continues with them.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Folder under the data directory. */
export const ENGINE_STATE_DIR = 'engine-state';

/** The private state folder of one run. */
export function runStateDir(dataDir: string, runId: string): string {
  return path.join(dataDir, ENGINE_STATE_DIR, runId);
}

/**
 * The file that keeps a run's exported shell variables for a later resume (run-resume.ts): values
 * holding a secret are never written to it, so it may outlive the engine that wrote it.
 */
export const CARRIED_FILE = 'carried.json';

/** What the history says of a run whose state folder is found. */
export type RunStateKeep =
  /** Open in some process: its folder is in use and left alone. */
  | 'open'
  /** Interrupted, so it may be resumed: only its exported variables are kept. */
  | 'resumable'
  /** Finished, deleted or unknown: nothing is kept. */
  | 'gone';

/**
 * Removes the state a dead engine or a closed run left behind: the whole folder of a run that is
 * no longer open, except the exported variables of one that may still be resumed. Returns the
 * run ids whose folder was removed or cleared. `stateOf` asks the history.
 */
export function sweepEngineState(
  dataDir: string,
  stateOf: (runId: string) => RunStateKeep,
): string[] {
  const root = path.join(dataDir, ENGINE_STATE_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const state = stateOf(name);
    if (state === 'open') continue;
    try {
      const dir = path.join(root, name);
      // A shell of the dead engine may still be writing its last state file: retry briefly.
      if (state === 'gone') fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      else clearExceptCarried(dir);
      removed.push(name);
    } catch {
      // Left for the next sweep; the folder is owner-only meanwhile.
    }
  }
  return removed;
}

function clearExceptCarried(dir: string): void {
  for (const entry of fs.readdirSync(dir)) {
    if (entry === CARRIED_FILE) continue;
    fs.rmSync(path.join(dir, entry), { recursive: true, force: true, maxRetries: 3 });
  }
}
