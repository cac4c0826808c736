/**
 * Where Runlog keeps its history database, run folders and keys.
 */
import { mkdirSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Folder name under the platform's application-data folder. */
export const APP_FOLDER_NAME = 'Runlog';

/** Owner-only: the history holds command output that may be sensitive. */
const DATA_DIR_MODE = 0o700;

/**
 * Picks the data directory: the `--data-dir` flag, else `RUNLOG_DATA_DIR`, else the platform's
 * application-data folder. Pure (no file system access) so every platform's rule can be tested
 * on any machine.
 */
export function resolveDataDir(options: {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  if (options.flag && options.flag.trim() !== '') return pathApi.resolve(options.flag);
  const fromEnv = env.RUNLOG_DATA_DIR;
  if (fromEnv && fromEnv.trim() !== '') return pathApi.resolve(fromEnv);
  const home = options.home ?? homedir();
  if (platform === 'win32') {
    const appData =
      env.APPDATA && env.APPDATA !== '' ? env.APPDATA : pathApi.join(home, 'AppData', 'Roaming');
    return pathApi.join(appData, APP_FOLDER_NAME);
  }
  if (platform === 'darwin') {
    return pathApi.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  }
  // XDG: a relative XDG_DATA_HOME is invalid by the specification and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  if (xdg && pathApi.isAbsolute(xdg)) return pathApi.join(xdg, APP_FOLDER_NAME);
  return pathApi.join(home, '.local', 'share', APP_FOLDER_NAME);
}

/**
 * Creates the data directory (and parents) readable by its owner only; returns it. A folder that
 * already exists keeps its mode: the operator may have pointed `--data-dir` at a folder of theirs.
 */
export function ensureDataDir(dir: string): string {
  const created = mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  // mkdir's mode is filtered by the umask; set it exactly on what was just created.
  if (created !== undefined && process.platform !== 'win32') chmodSync(dir, DATA_DIR_MODE);
  return dir;
}
