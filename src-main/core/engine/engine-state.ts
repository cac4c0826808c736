/**
 * The engine's private working files: per run, the step scripts and the state a shell step hands
 * to the next (exported variables, directory). They live under `<dataDir>/engine-state/<run>/`
 * (owner-only) only while the run is open in a live engine. The env dump may hold values derived
 * from secret parameters, so whatever a dead engine left behind is removed as soon as its runs
 * are recovered — and any folder of a run that is no longer open, whenever the history is opened.
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
 * Removes the state folders of runs that are not open (finished, interrupted, or unknown);
 * returns the run ids whose folder was removed. `isOpen` asks the history.
 */
export function sweepEngineState(dataDir: string, isOpen: (runId: string) => boolean): string[] {
  const root = path.join(dataDir, ENGINE_STATE_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (isOpen(name)) continue;
    try {
      // A shell of the dead engine may still be writing its last state file: retry briefly.
      fs.rmSync(path.join(root, name), { recursive: true, force: true, maxRetries: 3 });
      removed.push(name);
    } catch {
      // Left for the next sweep; the folder is owner-only meanwhile.
    }
  }
  return removed;
}
