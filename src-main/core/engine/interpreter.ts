/**
 * Which program runs a command step: the `interpreter` attribute, else a shebang line, else the
 * language table (languages.ts) with the runbook's shell for the shell family. The step's text
 * always goes to a script file; the program only ever receives that file's path. A program that
 * is not installed is a clear error for that step, naming it; the runbook's shell alone falls back
 * to /bin/sh when missing, as Runme does, and says so.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import {
  languageSpec,
  POSIX_SHELLS,
  programName,
  RUNBOOK_SHELL,
  type LanguageSpec,
} from '../runbook/languages.js';
import type { Step } from '../runbook/model.js';
import { EngineError } from './errors.js';
import { nodeStripsTypes } from './node-version.js';

/** Runme's fallback when the runbook's shell is not installed. */
export const FALLBACK_SHELL = '/bin/sh';

export interface Interpreter {
  /** Absolute path of the program. */
  file: string;
  /** Arguments placed before the script path. */
  args: string[];
  /** Script file extension, with the dot (some programs choose their behaviour by it). */
  extension: string;
  /** True for POSIX shells: the step is sourced by a wrapper that carries env and cwd over. */
  posixShell: boolean;
  /** What the operator should know (a shell that fell back to /bin/sh). */
  notice?: string;
}

type Env = Record<string, string | undefined>;

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks a program up in PATH the way a shell would (an absolute path as it is). */
export function findExecutable(
  name: string,
  env: Env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (isAbsolute(name)) return isExecutableFile(name, platform) ? name : undefined;
  if (/[\\/]/.test(name)) return undefined;
  const pathValue = env.PATH ?? env.Path ?? '';
  const extensions = platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const dir of pathValue.split(platform === 'win32' ? ';' : delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = join(dir, name + ext);
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

/** A command line split into program and arguments (`deno run -A` → deno, [run, -A]). */
function splitCommand(commandLine: string): { program: string; args: string[] } {
  const [program = '', ...args] = commandLine.trim().split(/\s+/);
  return { program, args };
}

/** What the engine needs to know about the step to choose its program. */
export type ProgramStep = Pick<Step, 'name' | 'language' | 'interpreter' | 'text' | 'script'>;

/** The program named by a command line, or a clear error naming it and where it was named. */
function named(
  commandLine: string,
  where: string,
  step: ProgramStep,
  spec: LanguageSpec | undefined,
  env: Env,
  platform: NodeJS.Platform,
): Interpreter {
  const { program, args } = splitCommand(commandLine);
  const file = findExecutable(program, env, platform);
  if (!file) {
    throw new EngineError(
      'no-interpreter',
      `Step "${step.name}": the program "${program}" (${where}) is not installed or not in PATH; install it or change the step.`,
    );
  }
  const posixShell = POSIX_SHELLS.has(programName(program)) && args.length === 0;
  return { file, args, extension: posixShell ? '.sh' : (spec?.extension ?? ''), posixShell };
}

/** `#!/usr/bin/env python3 -u` → `python3 -u`; `#!/bin/bash` → `/bin/bash`. */
export function shebangCommand(text: string): string | undefined {
  const first = text.split('\n', 1)[0] ?? '';
  if (!first.startsWith('#!')) return undefined;
  const { program, args } = splitCommand(first.slice(2));
  if (!program) return undefined;
  if (programName(program) === 'env') {
    const rest = args.filter((a) => a !== '-S');
    return rest.length > 0 ? rest.join(' ') : undefined;
  }
  return [program, ...args].join(' ');
}

/** Chooses the program for one step; throws EngineError('no-interpreter') when none is there. */
export function chooseInterpreter(
  step: ProgramStep,
  runbookShell: string,
  platform: NodeJS.Platform,
  env: Env,
): Interpreter {
  const spec = languageSpec(step.language) ?? languageSpec('');
  if (step.interpreter)
    return named(step.interpreter, 'its interpreter attribute', step, spec, env, platform);
  const shebang = platform === 'win32' ? undefined : shebangCommand(step.script ?? step.text);
  if (shebang) return named(shebang, 'its #! line', step, spec, env, platform);
  if (!spec)
    throw new EngineError('no-interpreter', `"${step.language}" blocks are shown, not run.`);
  const programs = (platform === 'win32' && spec.windowsPrograms) || spec.programs;
  if (programs.includes(RUNBOOK_SHELL))
    return runbookShellProgram(step, runbookShell, platform, env);
  for (const candidate of programs) {
    const { program, args } = splitCommand(candidate);
    const file = findExecutable(program, env, platform);
    if (!file) continue;
    if (spec.extension === '.ts' && program === 'node') {
      if (!nodeStripsTypes(file)) continue;
      args.push('--experimental-strip-types', '--no-warnings');
    }
    return {
      file,
      args,
      extension: spec.extension,
      posixShell: spec.family === 'shell' && POSIX_SHELLS.has(program),
    };
  }
  const names = programs.map((p) => `"${splitCommand(p).program}"`).join(', ');
  const tsNote =
    spec.extension === '.ts' ? ' (or Node.js 22.6 or later, which runs TypeScript itself)' : '';
  throw new EngineError(
    'no-interpreter',
    `Step "${step.name}" (${step.language || 'no language'}): no program to run it; ${programs.length > 1 ? `none of ${names} is` : `${names} is not`} installed or in PATH${tsNote}. Install it, or run the step on a machine that has it.`,
  );
}

/** The runbook's shell for `sh`/`shell` blocks, or /bin/sh when it is not installed (Runme's fallback). */
function runbookShellProgram(
  step: ProgramStep,
  runbookShell: string,
  platform: NodeJS.Platform,
  env: Env,
): Interpreter {
  if (platform === 'win32')
    throw new EngineError(
      'no-interpreter',
      `A "${step.language || 'shell'}" step cannot run on Windows.`,
    );
  const shell = runbookShell || 'bash';
  const { program, args } = splitCommand(shell);
  const found = findExecutable(program, env, platform);
  const posix = (name: string) => POSIX_SHELLS.has(programName(name));
  if (found)
    return { file: found, args, extension: '.sh', posixShell: posix(program) && args.length === 0 };
  if (!isExecutableFile(FALLBACK_SHELL, platform))
    throw new EngineError(
      'no-interpreter',
      `Step "${step.name}": neither the runbook's shell "${shell}" nor ${FALLBACK_SHELL} is installed.`,
    );
  return {
    file: FALLBACK_SHELL,
    args: [],
    extension: '.sh',
    posixShell: true,
    notice: `Step "${step.name}": the runbook's shell "${shell}" is not installed; ${FALLBACK_SHELL} runs the step instead (as Runme does).`,
  };
}
