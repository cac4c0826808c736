/**
 * Small pieces the newer live runbook tests share: whether a test can run on this machine (and
 * the words that say why not), and the steps of a runbook as the CLI shows them.
 */
import { built, program, root, skipNote, unmet, type Program } from '../needs.js';
import { startCli } from './helpers.js';

/** Whether a live test can run here; `reason` is the title suffix naming what is missing. */
export interface LiveGate {
  skip: boolean;
  reason: string;
}

/**
 * The gate for a test that needs the built CLI, `tools` on the PATH and, when `rootWhy` says
 * why, root (test/needs.ts: under CI=true an unmet need fails instead of skipping).
 */
export function liveGate(tools: Program[], rootWhy?: string): LiveGate {
  const reason = unmet(
    built(),
    rootWhy === undefined ? undefined : root(rootWhy),
    ...tools.map((t) => program(t)),
  );
  return { skip: reason !== undefined, reason: skipNote(reason) };
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
