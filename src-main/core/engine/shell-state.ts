/**
 * Carry-over between POSIX shell steps of one run (Runme's semantics): variables a step exports
 * and the directory it ends in are seen by the next step. A small wrapper sources the step in the
 * same shell and, on exit, saves `env -0` and `$PWD` into private state files; the engine parses
 * them and passes the difference from the base environment to the next step's process.
 */
import { readFileSync, rmSync } from 'node:fs';

/** Variables that always change between processes and so are never carried. */
const NEVER_CARRIED = new Set([
  'PWD',
  'OLDPWD',
  'SHLVL',
  '_',
  'TERM',
  'COLUMNS',
  'LINES',
  'RUNLOG_STEP',
  'RUNLOG_RUN_ID',
  'RUNLOG_RUN_DIR',
]);

/** A name a shell can export and another process can read back. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What earlier shell steps of a run left behind for the later ones. */
export interface CarriedState {
  /** Variables set or changed relative to the base environment. */
  set: Record<string, string>;
  /** Base variables the steps unset. */
  unset: string[];
  /** Absolute directory the last shell step ended in. */
  cwd?: string;
}

/** Quotes a string for a POSIX shell, so a path with spaces or quotes stays one word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The wrapper that sources the step script and saves its state however the script ends. The
 * secret parameters are unset before the environment is saved, so their values never reach the
 * state file (they are inputs: a step's change to one is not carried), and the files are
 * written owner-only.
 */
export function wrapperScript(paths: {
  script: string;
  envFile: string;
  cwdFile: string;
  secretNames?: readonly string[];
}): string {
  const secrets = (paths.secretNames ?? []).filter((n) => VARIABLE_NAME.test(n));
  return [
    '# Runlog: runs the step in this shell, then saves its exported variables and directory.',
    '__runlog_save() {',
    '  __runlog_status=$?',
    '  trap - EXIT',
    '  umask 077',
    ...(secrets.length ? [`  unset ${secrets.join(' ')} 2>/dev/null`] : []),
    `  printf '%s' "$PWD" > ${shellQuote(paths.cwdFile)} 2>/dev/null`,
    `  { env -0 2>/dev/null || perl -e 'print map { "$_=$ENV{$_}\\0" } keys %ENV'; } > ${shellQuote(paths.envFile)} 2>/dev/null`,
    '  exit "$__runlog_status"',
    '}',
    'trap __runlog_save EXIT',
    `. ${shellQuote(paths.script)}`,
    '',
  ].join('\n');
}

/** Parses NUL-separated `NAME=value` records (values may hold newlines, quotes, `=`). */
export function parseEnvDump(dump: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const record of dump.split('\0')) {
    const eq = record.indexOf('=');
    if (eq <= 0) continue;
    const name = record.slice(0, eq);
    if (!VARIABLE_NAME.test(name)) continue;
    env[name] = record.slice(eq + 1);
  }
  return env;
}

/** The part of a step's final environment that differs from the base one. */
export function diffEnv(
  base: Record<string, string | undefined>,
  after: Record<string, string>,
  keep: readonly string[] = [],
): Pick<CarriedState, 'set' | 'unset'> {
  const set: Record<string, string> = {};
  const unset: string[] = [];
  const skip = (name: string) => NEVER_CARRIED.has(name) || keep.includes(name);
  for (const [name, value] of Object.entries(after)) {
    if (skip(name)) continue;
    if (base[name] !== value) set[name] = value;
  }
  for (const name of Object.keys(base)) {
    if (skip(name) || !VARIABLE_NAME.test(name)) continue;
    if (base[name] !== undefined && !(name in after)) unset.push(name);
  }
  return { set, unset };
}

/**
 * Reads and deletes the state files a wrapper wrote (the env dump may hold values derived from
 * secrets, so it must not stay on disk). Returns undefined when the step left none (it called `exec`, or
 * was killed before its trap ran): the previous state then stays in force.
 */
export function collectState(
  base: Record<string, string | undefined>,
  files: { envFile: string; cwdFile: string },
  secretNames: readonly string[] = [],
): CarriedState | undefined {
  let dump: string | undefined;
  let cwd: string | undefined;
  try {
    dump = readFileSync(files.envFile, 'utf8');
  } catch {
    dump = undefined;
  }
  try {
    cwd = readFileSync(files.cwdFile, 'utf8');
  } catch {
    cwd = undefined;
  }
  rmSync(files.envFile, { force: true });
  rmSync(files.cwdFile, { force: true });
  if (dump === undefined || dump.length === 0) return undefined;
  // Secret parameters were unset before the dump: they keep their base values, not "unset".
  const diff = diffEnv(base, parseEnvDump(dump), secretNames);
  return { ...diff, cwd: cwd && cwd.startsWith('/') ? cwd : undefined };
}
