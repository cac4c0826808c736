/**
 * Small pieces the newer live runbook tests share: whether a test can run on this machine (and
 * the words that say why not), and the steps of a runbook as the CLI shows them.
 */
import { CLI_MISSING, IS_ROOT, NEEDS_BUILD, hasCommand, startCli } from './helpers.js';

/** Whether a live test can run here; `reason` is the title suffix naming what is missing. */
export interface LiveGate {
  skip: boolean;
  reason: string;
}

/** The gate for a test that needs the built CLI, `tools` on the PATH and, when `root` says why, root. */
export function liveGate(tools: string[], root?: string): LiveGate {
  if (CLI_MISSING) return { skip: true, reason: ` (${NEEDS_BUILD})` };
  if (root !== undefined && !IS_ROOT) return { skip: true, reason: ` (skipped: ${root})` };
  const missing = tools.filter((t) => !hasCommand(t));
  if (missing.length > 0) {
    return { skip: true, reason: ` (skipped: ${missing.join(', ')} not installed)` };
  }
  return { skip: false, reason: '' };
}

/** One step as `runlog show --json` reports it. */
export interface ShownStep {
  name: string;
  kind: string;
  text: string;
}

/** The steps of a bundled runbook, read through `runlog show --json`. */
export async function runbookSteps(runbook: string, dataDir: string): Promise<ShownStep[]> {
  const shown = await startCli(['show', runbook, '--json', '--data-dir', dataDir]);
  return (JSON.parse(shown.stdout) as { runbook: { steps: ShownStep[] } }).runbook.steps;
}
