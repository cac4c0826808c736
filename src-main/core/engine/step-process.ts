/**
 * Prepares and launches one command step: script file in the run's private state folder, the
 * interpreter for its language, working directory, environment (parameters only as variables),
 * and the carry-over wrapper for POSIX shells.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runbook, Step } from '../runbook/model.js';
import { chooseInterpreter } from './interpreter.js';
import { PtySession, type SessionResult } from './pty-session.js';
import { collectState, wrapperScript, type CarriedState } from './shell-state.js';
import { resolveStepCwd } from './step-cwd.js';

/** Owner-only: scripts and state files may reveal what a step does with secret values. */
export const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

export interface StepLaunch {
  step: Step;
  /** The text written to the script file (the step's, prompts removed, answered exports reduced). */
  text: string;
  /** The runbook's file and front matter `cwd`: a step's `cwd` is relative to the file's folder. */
  runbook: Pick<Runbook, 'file' | 'cwd'>;
  /** Values the operator gave for the step's exported variables (promptEnv). */
  answers?: Record<string, string>;
  /** Sequence number of this execution in the run, for unique file names. */
  sequence: number;
  runbookShell: string;
  runFolder: string;
  /** Private folder for scripts and state files. */
  stateDir: string;
  platform: NodeJS.Platform;
  /** Operator environment + parameters + RUNLOG_* variables. */
  baseEnv: Record<string, string>;
  /** Names of the secret parameters: never written to the state files, never carried. */
  secretNames: readonly string[];
  carried: CarriedState;
  cols?: number;
  rows?: number;
  onBytes: (bytes: Buffer) => void;
  onText: (text: string) => void;
}

export interface LaunchedStep {
  session: PtySession;
  /** What the operator should be told before the output (a shell that fell back to /bin/sh). */
  notice?: string;
  /** The session's result and, for shell steps, the state to carry into the next steps. */
  finished: Promise<{ result: SessionResult; carried?: CarriedState }>;
}

/** The environment a step starts with: the base, plus what earlier shell steps exported. */
export function stepEnv(
  base: Record<string, string>,
  carried: CarriedState,
): Record<string, string> {
  const env: Record<string, string> = { ...base, ...carried.set };
  for (const name of carried.unset) delete env[name];
  return env;
}

function writePrivate(file: string, text: string): void {
  writeFileSync(file, text, { mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Starts the step in a pty; throws EngineError before anything runs if it cannot start. */
export function launchStep(launch: StepLaunch): LaunchedStep {
  const { step, stateDir } = launch;
  const env = { ...stepEnv(launch.baseEnv, launch.carried), ...launch.answers };
  const interpreter = chooseInterpreter(step, launch.runbookShell, launch.platform, env);
  const cwd = resolveStepCwd(step, launch.runbook, launch.runFolder, launch.carried.cwd);
  mkdirSync(stateDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(stateDir, PRIVATE_DIR_MODE);
  const stem = join(stateDir, `step-${String(launch.sequence).padStart(3, '0')}`);
  const script = stem + interpreter.extension;
  // The step's text (only prompts and answered defaults taken out): values reach it only through the environment.
  writePrivate(script, launch.text);
  const files = { envFile: `${stem}.env`, cwdFile: `${stem}.cwd` };
  let args = [...interpreter.args, script];
  if (interpreter.posixShell) {
    const wrapper = `${stem}.run.sh`;
    // Made owner-only now, so the shell's `>` later writes into a file nobody else can read.
    writePrivate(files.envFile, '');
    writePrivate(files.cwdFile, '');
    writePrivate(wrapper, wrapperScript({ script, ...files, secretNames: launch.secretNames }));
    args = [wrapper];
  }
  const session = new PtySession({
    file: interpreter.file,
    args,
    cwd,
    env,
    cols: launch.cols,
    rows: step.terminalRows ?? launch.rows,
    platform: launch.platform,
    timeoutSeconds: step.timeout,
    onBytes: launch.onBytes,
    onText: launch.onText,
  });
  const finished = session.done.then((result) => {
    if (!interpreter.posixShell) return { result };
    // The diff is taken against the base (not the step's start env), so carried values persist.
    return { result, carried: collectState(launch.baseEnv, files, launch.secretNames) };
  });
  return { session, finished, ...(interpreter.notice ? { notice: interpreter.notice } : {}) };
}
