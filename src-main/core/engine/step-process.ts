/**
 * Prepares and launches one command step: script file in the run's private state folder, the
 * interpreter for its language, working directory, environment (parameters only as variables),
 * and the carry-over wrapper for POSIX shells.
 */
import { chmodSync, existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Step } from '../runbook/model.js';
import { EngineError } from './errors.js';
import { chooseInterpreter } from './interpreter.js';
import { PtySession, type SessionResult } from './pty-session.js';
import { collectState, wrapperScript, type CarriedState } from './shell-state.js';

/** Owner-only: scripts and state files may reveal what a step does with secret values. */
export const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

export interface StepLaunch {
  step: Step;
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
  /** The session's result and, for shell steps, the state to carry into the next steps. */
  finished: Promise<{ result: SessionResult; carried?: CarriedState }>;
}

function within(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The step's working directory: its `cwd` attribute (inside the run folder, created if missing),
 * else the directory the previous shell step ended in, else the run folder.
 */
export function resolveStepCwd(step: Step, runFolder: string, carriedCwd?: string): string {
  const root = realpathSync(runFolder);
  if (step.cwd !== undefined && step.cwd.trim() !== '') {
    const wanted = resolve(root, step.cwd);
    if (isAbsolute(step.cwd) || !within(root, wanted)) {
      throw new EngineError(
        'bad-cwd',
        `Step "${step.name}" (line ${step.line}): cwd "${step.cwd}" leaves the run folder; ` +
          'use a path relative to it.',
      );
    }
    mkdirSync(wanted, { recursive: true });
    if (!within(root, realpathSync(wanted))) {
      throw new EngineError(
        'bad-cwd',
        `Step "${step.name}" (line ${step.line}): cwd "${step.cwd}" resolves outside the run folder.`,
      );
    }
    return wanted;
  }
  if (carriedCwd && existsSync(carriedCwd) && statSync(carriedCwd).isDirectory()) return carriedCwd;
  return root;
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
  const env = stepEnv(launch.baseEnv, launch.carried);
  const interpreter = chooseInterpreter(step.language, launch.runbookShell, launch.platform, env);
  const cwd = resolveStepCwd(step, launch.runFolder, launch.carried.cwd);
  mkdirSync(stateDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(stateDir, PRIVATE_DIR_MODE);
  const stem = join(stateDir, `step-${String(launch.sequence).padStart(3, '0')}`);
  const script = stem + interpreter.extension;
  // The step's text exactly as written: parameters reach it only through the environment.
  writePrivate(script, step.text);
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
    rows: launch.rows,
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
  return { session, finished };
}
