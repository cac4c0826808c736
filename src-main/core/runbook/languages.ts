/**
 * The fence languages Runlog runs, and with which program: Runme's language table (the shell
 * family, JavaScript and TypeScript, Python, Ruby, Perl, Go, Lua, PHP…) plus PowerShell and cmd.
 * One table, read by the parser (is this block a command?) and by the engine (which program runs
 * it); a new language is one more row.
 */

/**
 * How a language runs. `shell`: a shell that sources the step (POSIX shells carry variables and
 * the directory on to the next step); `script`: a program given the script file's path.
 */
export interface LanguageSpec {
  family: 'shell' | 'script';
  /**
   * Programs to try in order, each a command line (`go run`, `deno run`). `$SHELL` stands for the
   * runbook's shell (front matter `shell`, default bash).
   */
  programs: readonly string[];
  /** Programs to try on Windows instead, when they differ. */
  windowsPrograms?: readonly string[];
  /** Extension of the script file (some programs choose their behaviour by it). */
  extension: string;
  /** Where the language runs at all; absent: everywhere its program exists. */
  only?: 'win32' | 'posix';
}

/** The runbook's shell, in a language row. */
export const RUNBOOK_SHELL = '$SHELL';

const SHELL: LanguageSpec = {
  family: 'shell',
  programs: [RUNBOOK_SHELL],
  extension: '.sh',
  only: 'posix',
};
const named = (program: string): LanguageSpec => ({ ...SHELL, programs: [program] });
const script = (extension: string, ...programs: string[]): LanguageSpec => ({
  family: 'script',
  programs,
  extension,
});
const NODE = script('.js', 'node');
/** Runme's order for TypeScript, then tsx and Node itself (22.6 and later strip the types). */
const TYPESCRIPT = script('.ts', 'ts-node', 'tsx', 'deno run', 'bun run', 'node');
const PYTHON: LanguageSpec = {
  ...script('.py', 'python3', 'python'),
  windowsPrograms: ['python', 'python3', 'py'],
};
const POWERSHELL: LanguageSpec = {
  ...script('.ps1', 'pwsh -NoProfile -ExecutionPolicy Bypass -File'),
  windowsPrograms: [
    'pwsh -NoProfile -ExecutionPolicy Bypass -File',
    'powershell -NoProfile -ExecutionPolicy Bypass -File',
  ],
};
const CMD: LanguageSpec = { ...script('.cmd', 'cmd /d /c'), only: 'win32' };

/**
 * Every language Runlog runs, by its lower-case fence name. `''` is a fence without a language:
 * Runme runs it as shell, and so does Runlog.
 */
export const LANGUAGES: Readonly<Record<string, LanguageSpec>> = {
  '': SHELL,
  sh: SHELL,
  shell: SHELL,
  shellscript: SHELL,
  bash: named('bash'),
  zsh: named('zsh'),
  ksh: named('ksh'),
  fish: { ...named('fish'), family: 'script', extension: '.fish' },
  js: NODE,
  javascript: NODE,
  jsx: NODE,
  javascriptreact: NODE,
  ts: TYPESCRIPT,
  typescript: TYPESCRIPT,
  tsx: TYPESCRIPT,
  typescriptreact: TYPESCRIPT,
  python: PYTHON,
  py: PYTHON,
  ruby: script('.rb', 'ruby'),
  rb: script('.rb', 'ruby'),
  perl: script('.pl', 'perl'),
  go: script('.go', 'go run'),
  golang: script('.go', 'go run'),
  lua: script('.lua', 'lua'),
  php: script('.php', 'php'),
  powershell: POWERSHELL,
  pwsh: POWERSHELL,
  ps1: POWERSHELL,
  cmd: CMD,
  bat: CMD,
  dos: CMD,
};

/** The row of a fence language (any letter case), or undefined when Runlog does not run it. */
export function languageSpec(language: string): LanguageSpec | undefined {
  const key = language.toLowerCase();
  return Object.hasOwn(LANGUAGES, key) ? LANGUAGES[key] : undefined;
}

/** True when a fence language is one Runlog runs (on some platform). */
export function isRunnableLanguage(language: string): boolean {
  return languageSpec(language) !== undefined;
}

/** Why a language cannot run on `platform`, or undefined when it can. */
export function languagePlatformProblem(language: string, platform: string): string | undefined {
  const only = languageSpec(language)?.only;
  const shown = language || 'no language';
  if (only === 'win32' && platform !== 'win32') return `language: ${shown} runs on win32 only`;
  if (only === 'posix' && platform === 'win32') return `language: ${shown} does not run on win32`;
  return undefined;
}

/**
 * POSIX shells: a step in one of them is sourced by a wrapper, so the variables it exports and
 * the directory it ends in carry on to the next step.
 */
export const POSIX_SHELLS: ReadonlySet<string> = new Set([
  'sh', 'bash', 'zsh', 'dash', 'ksh', 'ksh93', 'mksh', 'ash', 'yash', 'posh',
]); // prettier-ignore

/** The program name of a command line or path: `/usr/bin/env` → `env`, `go run` → `go`. */
export function programName(commandLine: string): string {
  const first = commandLine.trim().split(/\s+/)[0] ?? '';
  return first.split(/[\\/]/).pop() ?? first;
}
