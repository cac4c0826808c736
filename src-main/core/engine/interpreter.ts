/**
 * Which program runs a command step, chosen from the fence language and the platform.
 * The step text always goes to a script file; the program only ever receives that file's path.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EngineError } from './errors.js';

/** POSIX shells a runbook may name in its `shell` front matter key. */
export const ALLOWED_SHELLS = ['bash', 'zsh', 'sh', 'dash'] as const;

export interface Interpreter {
  /** Absolute path of the program. */
  file: string;
  /** Arguments placed before the script path. */
  args: string[];
  /** Script file extension, with the dot (Windows picks behaviour by extension). */
  extension: string;
  /** True for POSIX shells: the step is sourced by a wrapper that carries env and cwd over. */
  posixShell: boolean;
}

/** Looks a program up in PATH the way a shell would; undefined when it is not there. */
export function findExecutable(
  name: string,
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const pathValue = env.PATH ?? env.Path ?? '';
  const extensions = platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const dir of pathValue.split(platform === 'win32' ? ';' : delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = join(dir, name + ext);
      try {
        if (!statSync(candidate).isFile()) continue;
        if (platform !== 'win32') accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

function requireProgram(
  names: string[],
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
  language: string,
): string {
  for (const name of names) {
    const found = findExecutable(name, env, platform);
    if (found) return found;
  }
  throw new EngineError(
    'no-interpreter',
    `No program to run a "${language}" step: none of ${names.join(', ')} is in PATH. ` +
      'Install one of them or run the step on another machine.',
  );
}

/** True when a fence language is one the engine can execute (on some platform). */
export function isExecutableLanguage(language: string): boolean {
  return [
    'sh',
    'shell',
    'bash',
    'zsh',
    'perl',
    'python',
    'powershell',
    'pwsh',
    'ps1',
    'cmd',
    'bat',
  ].includes(language.toLowerCase());
}

/** Chooses the interpreter for one step; throws EngineError('no-interpreter') when none fits. */
export function chooseInterpreter(
  language: string,
  runbookShell: string,
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
): Interpreter {
  const lang = language.toLowerCase();
  if (lang === 'sh' || lang === 'shell' || lang === 'bash' || lang === 'zsh') {
    if (platform === 'win32') {
      throw new EngineError('no-interpreter', `A "${language}" step cannot run on Windows.`);
    }
    const shell = lang === 'sh' || lang === 'shell' ? runbookShell || 'bash' : lang;
    if (!(ALLOWED_SHELLS as readonly string[]).includes(shell)) {
      throw new EngineError(
        'no-interpreter',
        `The runbook's shell "${shell}" is not one of ${ALLOWED_SHELLS.join(', ')}; ` +
          'change the "shell" key of its front matter.',
      );
    }
    return {
      file: requireProgram([shell], env, platform, language),
      args: [],
      extension: '.sh',
      posixShell: true,
    };
  }
  if (lang === 'perl') {
    return {
      file: requireProgram(['perl'], env, platform, language),
      args: [],
      extension: '.pl',
      posixShell: false,
    };
  }
  if (lang === 'python') {
    const names = platform === 'win32' ? ['python', 'python3', 'py'] : ['python3', 'python'];
    return {
      file: requireProgram(names, env, platform, language),
      args: [],
      extension: '.py',
      posixShell: false,
    };
  }
  if (lang === 'powershell' || lang === 'pwsh' || lang === 'ps1') {
    const names = platform === 'win32' ? ['pwsh', 'powershell'] : ['pwsh'];
    return {
      file: requireProgram(names, env, platform, language),
      args: ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-File'],
      extension: '.ps1',
      posixShell: false,
    };
  }
  if (lang === 'cmd' || lang === 'bat') {
    if (platform !== 'win32') {
      throw new EngineError('no-interpreter', `A "${language}" step runs on Windows only.`);
    }
    return {
      file: requireProgram(['cmd'], env, platform, language),
      args: ['/d', '/c'],
      extension: '.cmd',
      posixShell: false,
    };
  }
  throw new EngineError('no-interpreter', `"${language}" blocks are shown, not run.`);
}
