/**
 * A step's working directory. With a `cwd` (Runme's meaning: relative to the runbook file's
 * folder, or absolute; the front matter's and the step's combine, the step's applied last) the
 * step starts there, and a folder that does not exist is an error for that step, never a silent
 * fallback. Without one it starts where the previous shell step ended, else in the run folder.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Runbook, Step } from '../runbook/model.js';
import { EngineError } from './errors.js';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The folder the `cwd` settings of the runbook and the step name, or undefined when neither has one. */
export function configuredCwd(
  step: Pick<Step, 'cwd'>,
  runbook: Pick<Runbook, 'file' | 'cwd'>,
): string | undefined {
  const parts = [runbook.cwd, step.cwd].filter((p): p is string => !!p && p.trim() !== '');
  if (parts.length === 0) return undefined;
  let dir = dirname(resolve(runbook.file));
  for (const part of parts) dir = isAbsolute(part) ? part : resolve(dir, part);
  return dir;
}

/**
 * The step's working directory: its configured `cwd`, else the directory the previous shell step
 * ended in, else the run folder.
 */
export function resolveStepCwd(
  step: Pick<Step, 'name' | 'line' | 'cwd'>,
  runbook: Pick<Runbook, 'file' | 'cwd'>,
  runFolder: string,
  carriedCwd?: string,
): string {
  const configured = configuredCwd(step, runbook);
  if (configured !== undefined) {
    if (isDirectory(configured)) return configured;
    const said = [
      runbook.cwd ? `front matter cwd "${runbook.cwd}"` : '',
      step.cwd ? `step cwd "${step.cwd}"` : '',
    ]
      .filter(Boolean)
      .join(', ');
    throw new EngineError(
      'bad-cwd',
      `Step "${step.name}" (line ${step.line}): its working directory ${configured} (${said}, relative to the runbook's folder) does not exist.`,
    );
  }
  if (carriedCwd && existsSync(carriedCwd) && isDirectory(carriedCwd)) return carriedCwd;
  return realpathSync(runFolder);
}
